"""Policy knowledge base: documents -> clause tree, clause search, rules catalogue and eligibility.

PURE: imports neither Flask nor SQLAlchemy; nothing of this project's other packages.
"""
