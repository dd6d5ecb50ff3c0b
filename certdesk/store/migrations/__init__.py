"""Alembic migrations of the local database (run by certdesk.store.schema)."""
