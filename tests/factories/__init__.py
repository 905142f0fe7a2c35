"""Test factories in one place: ``cards`` (valid forms, identifiers, staff actors),
``ledger`` (card holders with profiles, staff rows, catalogues, races), ``console`` (staff
accounts with passwords, cards through the services, a CSRF-aware browser). The fake WeChat
servers are in ``tests/fakes``."""
