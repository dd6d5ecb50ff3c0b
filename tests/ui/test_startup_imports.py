"""What loads before the window shows and before the workspace is interactive is pinned:
a new import on the path every start takes fails here, instead of slowing every start.

The app is started through its real entry point in a child process, on a database with
the demo assessment of the 322-item framework, its key in a (test) keyring.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NEVER_AT_START = (
    "sqlalchemy",
    "sqlmodel",
    "pydantic",
    "alembic",
    "cryptography",
    "yaml",
    "fastjsonschema",
    "openpyxl",
    "reportlab",
    "PIL",
    "psycopg",
)
"""The ORM, the migrations, the parsers and the writers: after the workspace, if ever."""

VISIBLE = {
    "certdesk",
    "certdesk.app",
    "certdesk.i18n",
    "certdesk.paths",
    "certdesk.ui",
    "certdesk.ui.app",
    "certdesk.ui.crash",
    "certdesk.ui.fonts",
    "certdesk.ui.main_window",
    "certdesk.ui.menus",
    "certdesk.ui.qt_language",
    "certdesk.ui.settings",
    "certdesk.ui.style",
}
"""CertDesk's own modules loaded when the window first shows: the shell only."""

WORKSPACE_THIRD_PARTY = {"keyring", "sqlcipher3"}
"""Beside Qt and the standard library, what the workspace needs: the key and the file."""
KEYRING_NEEDS = {"jaraco", "more_itertools", "importlib_metadata", "backports", "lazy_importer"}
"""What keyring imports with itself (at the versions constraints.txt pins)."""

WORKSPACE = [
    "certdesk",
    "certdesk.app",
    "certdesk.clock",
    "certdesk.crypto",
    "certdesk.crypto.keyring_choice",
    "certdesk.crypto.keystore",
    "certdesk.domain",
    "certdesk.domain.answers",
    "certdesk.domain.assessment",
    "certdesk.domain.dates",
    "certdesk.domain.decision",
    "certdesk.domain.framework",
    "certdesk.domain.numbers",
    "certdesk.domain.roles",
    "certdesk.domain.scoring",
    "certdesk.domain.scoring.engine",
    "certdesk.domain.scoring.items",
    "certdesk.domain.scoring.result",
    "certdesk.domain.supplier",
    "certdesk.domain.text",
    "certdesk.errors",
    "certdesk.formats",
    "certdesk.formats.bounded",
    "certdesk.formats.criteria",
    "certdesk.formats.criteria.build",
    "certdesk.formats.criteria.canonical",
    "certdesk.formats.problems",
    "certdesk.i18n",
    "certdesk.labels",
    "certdesk.login",
    "certdesk.paths",
    "certdesk.services",
    "certdesk.services.assessment",
    "certdesk.services.assessment.answers",
    "certdesk.services.assessment.desk",
    "certdesk.services.assessment.finding_view",
    "certdesk.services.assessment.overview",
    "certdesk.services.assessment.workspace",
    "certdesk.services.audience",
    "certdesk.services.changes",
    "certdesk.services.context",
    "certdesk.services.history",
    "certdesk.services.leftovers",
    "certdesk.services.library",
    "certdesk.services.library.checks",
    "certdesk.services.library.frameworks",
    "certdesk.services.messages",
    "certdesk.services.opening",
    "certdesk.store",
    "certdesk.store.audit",
    "certdesk.store.connect",
    "certdesk.store.database",
    "certdesk.store.errors",
    "certdesk.store.ids",
    "certdesk.store.in_use",
    "certdesk.store.os_lock",
    "certdesk.store.schema",
    "certdesk.store.sql",
    "certdesk.ui",
    "certdesk.ui.app",
    "certdesk.ui.crash",
    "certdesk.ui.dialogs",
    "certdesk.ui.field",
    "certdesk.ui.field.actions",
    "certdesk.ui.field.dashboard",
    "certdesk.ui.field.findings_pane",
    "certdesk.ui.field.header",
    "certdesk.ui.field.item_pane",
    "certdesk.ui.field.lifecycle",
    "certdesk.ui.field.models",
    "certdesk.ui.field.note_edit",
    "certdesk.ui.field.start_page",
    "certdesk.ui.field.workspace_page",
    "certdesk.ui.file_choice",
    "certdesk.ui.fonts",
    "certdesk.ui.hq",
    "certdesk.ui.hq.actions",
    "certdesk.ui.keeping",
    "certdesk.ui.main_window",
    "certdesk.ui.menus",
    "certdesk.ui.operations",
    "certdesk.ui.pages",
    "certdesk.ui.passphrase",
    "certdesk.ui.qt_language",
    "certdesk.ui.roles",
    "certdesk.ui.settings",
    "certdesk.ui.style",
]
"""CertDesk's own modules loaded when the workspace is interactive."""


def _third_party(modules: list[str]) -> set[str]:
    """The top-level packages beside the standard library, Qt's own and this test's."""
    stdlib = set(sys.stdlib_module_names)
    tops = {m.split(".")[0] for m in modules}
    own = ("_", "PySide6", "shiboken", "signature_bootstrap", "tests", "certdesk")
    return {t for t in tops if t not in stdlib and not t.startswith(own)}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    home = tmp_path_factory.mktemp("startup-home")
    env = {
        **os.environ,
        "CERTDESK_HOME": str(home),
        "CERTDESK_DEMO": "yes",
        "CERTDESK_LANG": "en",
        "QT_QPA_PLATFORM": "offscreen",
        "BENCH_KEYRING_FILE": str(home / "keyring.json"),
        "PYTHON_KEYRING_BACKEND": "tests.support.file_keyring.FileKeyring",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "tests.support.startup_probe"]
    runs = [
        subprocess.run(command, env=env, capture_output=True, text=True, check=True, timeout=120)
        for _ in range(2)  # the first run creates the database and the demo
    ]
    found: dict[str, list[str]] = json.loads(runs[-1].stdout.strip().splitlines()[-1])
    return found


def test_the_window_shows_with_the_shell_alone(loaded: dict[str, list[str]]) -> None:
    ours = {m for m in loaded["visible"] if m.split(".")[0] == "certdesk"}
    assert ours == VISIBLE
    assert _third_party(loaded["visible"]) == set()


def test_the_workspace_is_interactive_without_the_orm_or_the_parsers(
    loaded: dict[str, list[str]],
) -> None:
    tops = {m.split(".")[0] for m in loaded["workspace"]}
    assert tops.isdisjoint(NEVER_AT_START), sorted(tops & set(NEVER_AT_START))
    assert _third_party(loaded["workspace"]) == WORKSPACE_THIRD_PARTY | KEYRING_NEEDS


def test_the_workspace_path_is_pinned(loaded: dict[str, list[str]]) -> None:
    """Every CertDesk module the workspace loads; a new one is a decision, made here."""
    ours = sorted(m for m in loaded["workspace"] if m.split(".")[0] == "certdesk")
    assert ours == WORKSPACE
