"""Test factories in one place: ``cards`` (valid forms, identifiers, staff actors),
``ledger`` (card holders with profiles, staff rows, catalogues, races), ``console`` (staff
accounts with passwords, cards through the services, a CSRF-aware browser), ``stats``
(messages and events recorded as the callback records them, cards and subsidy applications
at chosen times). The fake WeChat
servers are in ``tests/fakes``."""
