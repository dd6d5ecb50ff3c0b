"""The four headquarters roles on PostgreSQL and what each may change.

- auditor: reads everything, changes nothing;
- importer: everything but certificates (imports results and responses, keeps the
  register of suppliers, kits and trusted keys);
- reviewer: decides on responses (findings, responses, the stored scores they move);
- certifier: issues and revokes certificates.
Every role reads every table and may append to the audit log, which refuses changes.
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import inspect

ROLES = ("certdesk_importer", "certdesk_reviewer", "certdesk_certifier", "certdesk_auditor")
AUDIT = ("audit_entry", "audit_seal", "meta")
REVIEWED = ("finding", "finding_response", "result_score", "assessment")
CERTIFIED = ("certificate",)


def _tables() -> list[str]:
    """Every table, the schema's version among them (read by every role at open)."""
    return list(inspect(op.get_bind()).get_table_names())


def grant_roles() -> None:
    for role in ROLES:
        op.execute(
            "DO $$ BEGIN "
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
            f"CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    tables = _tables()
    everything = ", ".join(tables)
    roles = ", ".join(ROLES)
    op.execute(f"GRANT USAGE ON SCHEMA public TO {roles}")
    op.execute(f"GRANT SELECT ON {everything} TO {roles}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {roles}")
    writers = ", ".join(r for r in ROLES if r != "certdesk_auditor")
    op.execute(f"GRANT INSERT, UPDATE ON {', '.join(AUDIT)} TO {writers}")
    imported = ", ".join(t for t in tables if t not in (*CERTIFIED, "alembic_version"))
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {imported} TO certdesk_importer")
    op.execute(f"GRANT INSERT, UPDATE ON {', '.join(REVIEWED)} TO certdesk_reviewer")
    op.execute(f"GRANT INSERT, UPDATE ON {', '.join(CERTIFIED)} TO certdesk_certifier")


def drop_grants() -> None:
    everything = ", ".join(_tables())
    roles = ", ".join(ROLES)
    op.execute(f"REVOKE ALL ON {everything} FROM {roles}")
