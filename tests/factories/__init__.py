"""Test factories in one place: ``cards`` (valid forms, identifiers), ``ledger`` (card
holders with profiles, catalogues, races), ``console`` (``make_staff``, the one factory of
staff accounts, with passwords, and ``actor_of`` for their Actor; cards through the services,
a CSRF-aware browser, staff logged in: ``console_client`` for the console, ``staff_login`` and
``bearer`` for the staff API), ``stats`` (messages and events recorded as the callback records
them, cards and subsidy applications at chosen times), ``browser`` (the app served over HTTP,
headless Chromium of a chosen window, waits and log-in for the browser tests), ``miniapp``
(a worker logged into the mini-program API), ``servers`` (the service as a real ``flask run``
or gunicorn process: port, environment, start and stop, waits, a signed message posted), ``chat``
(a bot in unit tests, ``say``: a worker's turn through the signed WeChat callback), ``targets``
(宿迁's target areas in its table's order). The
fake WeChat servers are in ``tests/fakes``."""
