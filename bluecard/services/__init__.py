"""Units of work on the database. Handlers and API views call these; only these touch
``db.session``, and each public function commits (or rolls back) exactly once."""
