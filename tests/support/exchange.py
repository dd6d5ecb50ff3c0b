"""Two actors in one test process: an assessor's laptop and headquarters.

Each has its own keyring (in memory) and user data folder, switched in and
out as the test acts for one or the other.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

import keyring
from keyring.backend import KeyringBackend
from sqlalchemy import inspect, text

from certdesk.services import context, opening, own_keys
from certdesk.store.database import description_path
from tests.support.memory_keyring import MemoryKeyring

TEAM_PASSPHRASE = "headquarters team passphrase"


class HqBackend:
    """Where a headquarters Actor keeps its database when the test does not say: an
    encrypted file, or (with `new_server` set, by `tests/support/backends.py`) a fresh
    database on the test cluster. The actors made on a server are closed after the test."""

    new_server: Callable[[], str] | None = None
    made: ClassVar[list[Actor]] = []


@dataclass
class Actor:
    home: Path
    role: str
    ring: KeyringBackend = field(default_factory=MemoryKeyring)
    """This user's keyring: in memory, or one that refuses (keys then in files)."""
    ctx: context.Context | None = None
    server: str | None = None
    """Headquarters on a PostgreSQL server (its URL) instead of an encrypted file."""

    def __post_init__(self) -> None:
        if self.role == "hq" and self.server is None and HqBackend.new_server is not None:
            self.server = HqBackend.new_server()
            HqBackend.made.append(self)

    @contextmanager
    def _as_this_user(self) -> Iterator[None]:
        before_ring, before_home = keyring.get_keyring(), os.environ.get("CERTDESK_HOME")
        keyring.set_keyring(self.ring)
        os.environ["CERTDESK_HOME"] = str(self.home)
        try:
            yield
        finally:
            keyring.set_keyring(before_ring)
            if before_home is not None:
                os.environ["CERTDESK_HOME"] = before_home

    @contextmanager
    def acting(self) -> Iterator[context.Context]:
        """This user, with their database open (kept open between calls)."""
        with self._as_this_user():
            if self.ctx is None:
                path = self.home / "certdesk.db"
                if self.server is not None and not description_path(path).exists():
                    from certdesk.services.server_db import create_server

                    create_server(path, self.server, lambda _new: TEAM_PASSPHRASE).close()
                self.ctx = opening.open_context(path, create_role=self.role)
                own_keys.init_keys()
            yield self.ctx

    @contextmanager
    def commanding(self) -> Iterator[str]:
        """This user at a terminal: their database closed (one CertDesk at a time holds
        it), its path given for `--db`."""
        with self.acting():
            pass  # made once, with its keys
        assert self.ctx is not None
        self.ctx.close()
        self.ctx = None
        with self._as_this_user():
            yield str(self.home / "certdesk.db")

    def public_file(self, name: str) -> Path:
        with self.acting():
            path = self.home / f"{name}.pub"
            own_keys.export_public(path, name)
            return path


def table_digest(ctx: context.Context) -> str:
    """A hash of every row of every table: equal before and after means untouched (rows
    in a stable order on either backend: sorted by their text)."""
    digest = hashlib.sha256()
    with ctx.db.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"'))  # names from the schema
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
    evidence = ctx.db.evidence_dir
    if evidence.exists():
        for path in sorted(evidence.iterdir()):
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def kit_assessment(
    hq: Actor,
    field: Actor,
    folder: Path,
    *,
    mode: str = "onsite",
    profile: str | None = None,
    business_id: str = "124-81-00998",
    name: str = "한빛정밀",
    trust_as: str | None = "김심사",
    site: str | None = None,
) -> str:
    """An assessment on `field`'s laptop started from a kit `hq` issued, as in real life:
    headquarters registers the supplier (and trusts the field's key once), issues the
    kit, and the field imports it, confirming headquarters' fingerprint on first use."""
    from certdesk.services.assessment import suppliers
    from certdesk.services.assessment.suppliers import by_business_id
    from certdesk.services.context import reading
    from certdesk.services.exchange import kit_in, kit_out, trust

    role = "assessor" if mode == "onsite" else "supplier"
    key = field.public_file(f"{role}-key")
    with hq.acting() as ctx:
        with reading(ctx) as session:
            known = by_business_id(session, business_id) is not None
        if not known:
            suppliers.add_supplier(ctx, name, business_id)
        if trust_as and not any(k.name == trust_as for k in trust.trusted(ctx)):
            binding = business_id if role == "supplier" else None
            trust.trust(ctx, key, trust_as, role, binding)
        path = folder / f"kit-{len(list(folder.glob('kit-*')))}.cdkit"
        issued = kit_out.issue_kit(
            ctx, business_id, "industrial-security", path, mode=mode, profile=profile, site=site
        )
    with field.acting() as ctx:
        return kit_in.import_kit(ctx, path, issued.fingerprint).id


def conditional_result(tmp_path: Path, clock: date) -> dict[str, object]:
    """An on-site result, every item met but one open major finding: conditional, imported
    at headquarters, which trusts the supplier's own key (the `supplier` actor)."""
    from certdesk.domain.dates import add_months
    from certdesk.services.assessment import findings, listing, status
    from certdesk.services.exchange import results_in, results_out, trust
    from tests.support.workspace import BUSINESS_ID, answer_all

    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    supplier = Actor(tmp_path / "supplier", "field")
    aid = kit_assessment(hq, field, tmp_path, profile="standard")
    with field.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        finding = findings.add_finding(
            ctx,
            aid,
            "major",
            "퇴직자 계정 미삭제",
            item_id="3.3.5",
            due=add_months(clock, 12).isoformat(),
        ).id
        status.set_status(ctx, aid, "final")
    hq_key = hq.public_file("hq")
    with field.acting() as ctx:
        results_out.export_package(ctx, aid, tmp_path / "r.cdpkg", hq_key)
    with hq.acting() as ctx:
        trust.trust(ctx, supplier.public_file("s"), "한빛", "supplier", BUSINESS_ID)
        assert results_in.import_files(ctx, [tmp_path / "r.cdpkg"]).outcomes[0].status == "imported"
        assert listing.show(ctx, aid).score.outcome == "conditional"
    return {
        "field": field,
        "hq": hq,
        "supplier": supplier,
        "aid": aid,
        "finding": finding,
        "hq_key": hq_key,
        "tmp": tmp_path,
        "today": clock,
    }
