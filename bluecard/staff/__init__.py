"""Staff accounts, sign-in and roles (who may do what), the audit log of every staff action,
and the mini-program's bearer-token sessions."""
