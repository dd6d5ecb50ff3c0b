"""The local store: SQLModel tables on SQLCipher, migrations and the audit log.

Repositories never commit; the services own each unit of work.
"""
