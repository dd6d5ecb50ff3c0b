"""Set-up and baseline for bench_hq_scale.py: headquarters on each backend with N suppliers
and N issued kits written fast (the rows `kit_out.issue_kit` stores, with their audit
entries, a thousand per transaction), the result packages answering those kits (the same
files for every backend: the headquarters share one keyring, hence one key pair), and the
bare insert of the same rows through the bare driver.

Nothing here is timed by the bench except `bare_sqlite` and `bare_postgresql`.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.exchange import Actor
from tests.support.memory_keyring import MemoryKeyring

if TYPE_CHECKING:
    from certdesk.domain.framework import Framework
    from certdesk.services.context import Context
    from tests.support.postgres import Cluster

FRAMEWORK = "industrial-security"
SEED_CHUNK = 1000
"""Suppliers and kits per transaction of the set-up."""


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def supplier_id(n: int) -> str:
    return str(uuid.UUID(int=(0x5A << 96) + n))


def kit_id(n: int) -> str:
    """The same kit ids on every backend: one package file answers its kit everywhere."""
    return str(uuid.UUID(int=(0xB3 << 96) + n))


@dataclass
class World:
    root: Path
    field: Actor
    hqs: dict[str, Actor]
    paths: list[Path]
    cluster: Cluster | None


def _seed_chunk(ctx: Context, framework: Framework, numbers: range) -> None:
    """Suppliers and their kits as `suppliers.add_in` and `kit_out.issue_kit` store them."""
    from certdesk.services.context import changing
    from certdesk.store import audit
    from certdesk.store.tables import IssuedKit, Supplier
    from tools.portfolio_world import business_id

    with changing(ctx) as unit:
        session = unit.session
        for n in numbers:
            session.add(
                Supplier(id=supplier_id(n), name=f"협력사 {n:04d}", business_id=business_id(n))
            )
            session.flush()
            audit.append(
                session,
                audit.DATABASE_CHAIN,
                ctx.user,
                "supplier.add",
                {"supplier": supplier_id(n)},
            )
        for n in numbers:
            kit = IssuedKit(
                id=kit_id(n),
                supplier_id=supplier_id(n),
                framework_id=framework.id,
                framework_version=framework.version,
                framework_hash=framework.content_hash,
                mode="onsite",
                scope_json="{}",
                recipient_fingerprint=None,  # a kit for anyone (issue_kit without `to`)
                issued_by=ctx.user,
            )
            session.add(kit)
            audit.append(
                session,
                audit.DATABASE_CHAIN,
                ctx.user,
                "kit.issue",
                {
                    "kit": kit.id,
                    "supplier": kit.supplier_id,
                    "framework": f"{framework.id}@{framework.version}",
                    "mode": kit.mode,
                    "recipient": None,
                },
            )


def _headquarters(actor: Actor, assessor_key: Path, count: int) -> None:
    from certdesk.services.exchange import trust

    with actor.acting() as ctx:
        trust.trust(ctx, assessor_key, "bench", "assessor", None)
        framework = ctx.library.find(FRAMEWORK)
        for start in range(0, count, SEED_CHUNK):
            _seed_chunk(ctx, framework, range(start, min(count, start + SEED_CHUNK)))


def _packages(world: World, count: int) -> None:
    from certdesk.services import own_keys
    from tests.support.packages import make_package

    some = next(iter(world.hqs.values()))
    hq_public = own_keys.read_public(some.public_file("hq")).encryption
    assert hq_public is not None
    with world.field.acting():
        signer = own_keys.signing_key()
    with some.acting() as ctx:
        framework = ctx.library.find(FRAMEWORK)
    from tools.portfolio_world import business_id

    folder = world.root / "packages"
    folder.mkdir()
    started = time.perf_counter()
    for n in range(count):
        path = folder / f"p{n:05d}.cdpkg"
        path.write_bytes(make_package(n, kit_id(n), signer, hq_public, framework, business_id(n)))
        world.paths.append(path)
        if (n + 1) % 1000 == 0 or n + 1 == count:
            say(f"  packages: {n + 1}/{count} ({time.perf_counter() - started:.0f} s)")


def prepare(root: Path, count: int, backends: list[str], cluster: Cluster | None) -> World:
    """Headquarters per backend (one shared keyring: the same keys), seeded, and the files."""
    ring = MemoryKeyring()
    world = World(root, Actor(root / "field", "field"), {}, [], cluster)
    assessor_key = world.field.public_file("assessor")
    for backend in backends:
        server = None
        if backend == "postgresql":
            assert cluster is not None
            server = cluster.new_database()
        actor = Actor(root / f"hq-{backend}", "hq", ring=ring, server=server)
        started = time.perf_counter()
        _headquarters(actor, assessor_key, count)
        say(f"  {backend}: {count} suppliers and kits in {time.perf_counter() - started:.0f} s")
        world.hqs[backend] = actor
    _packages(world, count)
    return world


# The baseline: the same rows, one transaction per package, through the bare driver.

ASSESSMENT = (
    "id TEXT PRIMARY KEY, supplier_id TEXT, site_id TEXT, framework_id TEXT, "
    "framework_version TEXT, framework_hash TEXT, profile TEXT, mode TEXT, cycle TEXT, "
    "assessor TEXT, scope_json TEXT, status TEXT, follows_id TEXT, kit_id TEXT, "
    "sequence INTEGER, text_salt {blob}, created_at {time}, updated_at {time}, "
    "closed_at {time}, purged_at {time}, archived_at {time}"
)
ANSWER = (
    "id TEXT PRIMARY KEY, assessment_id TEXT, item_id TEXT, party TEXT, value TEXT, "
    "note TEXT, na_justification TEXT, answered_by TEXT, answered_at {time}"
)
EVIDENCE = (
    "id TEXT PRIMARY KEY, assessment_id TEXT, item_id TEXT, kind TEXT, original_name TEXT, "
    "media_type TEXT, size INTEGER, sha256 TEXT, stored_name TEXT, file_key {blob}, "
    "title TEXT, doc_version TEXT, seen_where TEXT, shown_by TEXT, added_by TEXT, "
    "added_at {time}, response_id TEXT"
)
TABLES = {"assessment": (ASSESSMENT, 21), "answer": (ANSWER, 9), "evidence": (EVIDENCE, 17)}


def _rows(n: int, when: Any) -> dict[str, list[tuple[Any, ...]]]:
    """One package's rows, with the column sizes the import writes."""
    aid = str(uuid.uuid4())
    fw_hash, salt = secrets.token_hex(32), os.urandom(16)
    assessment: tuple[Any, ...] = (
        *(aid, supplier_id(n), None, "industrial-security", "1.0", fw_hash, None, "onsite"),
        *("2026-H2", "bench", "{}", "final", None, kit_id(n), 1, salt, when, when, when),
        *(None, None),
    )
    answers = [
        (str(uuid.uuid4()), aid, f"{k // 30 + 1}.{k // 6 % 5 + 1}.{k % 6 + 1}", "assessor")
        for k in range(300)
    ]
    evidence = [
        (str(uuid.uuid4()), aid, f"1.1.{k + 1}", "file", f"scan{k}.pdf", "application/pdf", 300)
        for k in range(3)
    ]
    sealed = [(secrets.token_hex(32), secrets.token_hex(16), os.urandom(32)) for _ in range(3)]
    return {
        "assessment": [assessment],
        "answer": [(*a, "met", "현장 확인", None, "bench", when) for a in answers],
        "evidence": [
            (*e, *s, None, None, None, None, "bench", when, None)
            for e, s in zip(evidence, sealed, strict=True)
        ],
    }


def _inserts(marker: str) -> dict[str, str]:
    return {
        name: f"INSERT INTO bare_{name} VALUES ({', '.join([marker] * width)})"
        for name, (_cols, width) in TABLES.items()
    }


def bare_sqlite(folder: Path, count: int) -> float:
    """Milliseconds per package: sqlcipher3, keyed with a raw key and set up as the app's
    engine sets up every connection (WAL, synchronous FULL, foreign keys, secure delete)."""
    import sqlcipher3

    conn = sqlcipher3.dbapi2.connect(str(folder / "bare.db"), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA busy_timeout = 4000")
    for name, (cols, _width) in TABLES.items():
        conn.execute(f"CREATE TABLE bare_{name} ({cols.format(blob='BLOB', time='TEXT')})")
    inserts = _inserts("?")
    when = str(datetime.now(UTC).replace(tzinfo=None))
    prepared = [_rows(n, when) for n in range(count)]
    started = time.perf_counter()
    for rows in prepared:
        conn.execute("BEGIN IMMEDIATE")
        for name, values in rows.items():
            conn.executemany(inserts[name], values)
        conn.execute("COMMIT")
    spent = time.perf_counter() - started
    conn.close()
    return spent * 1000 / count


def bare_postgresql(cluster: Cluster, count: int) -> float:
    """Milliseconds per package: psycopg 3 over the same cluster's unix socket."""
    import psycopg

    cluster.admin("CREATE DATABASE bare")
    with psycopg.connect(
        host=str(cluster.folder), port=cluster.port, user="postgres", dbname="bare", autocommit=True
    ) as conn:
        for name, (cols, _width) in TABLES.items():
            conn.execute(
                f"CREATE TABLE bare_{name} ({cols.format(blob='BYTEA', time='TIMESTAMP')})"
            )
        inserts = _inserts("%s")
        when = datetime.now(UTC).replace(tzinfo=None)
        prepared = [_rows(n, when) for n in range(count)]
        started = time.perf_counter()
        for rows in prepared:
            with conn.transaction(), conn.cursor() as cursor:
                for name, values in rows.items():
                    cursor.executemany(inserts[name], values)
        spent = time.perf_counter() - started
    return spent * 1000 / count
