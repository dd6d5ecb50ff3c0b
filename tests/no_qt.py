"""A pytest plugin that makes PySide6 unimportable, as on a machine without it.

`pytest -p tests.no_qt --ignore=tests/ui` proves the non-UI code and tests
need no Qt: any import of PySide6 or shiboken6 raises ImportError.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType

BLOCKED = ("PySide6", "shiboken6")


class _Blocker(MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.split(".", maxsplit=1)[0] in BLOCKED:
            raise ImportError(f"{fullname} is blocked: this run proves the code works without Qt")
        return None


for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
sys.meta_path.insert(0, _Blocker())
