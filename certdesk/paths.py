"""The one place that finds the bundled criteria/ and resources/.

Three layouts are supported: the source tree (criteria/ and resources/ beside
the package), an installed wheel (copied into certdesk/_bundled/) and a frozen
PyInstaller build (in sys._MEIPASS).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    installed = _PACKAGE / "_bundled"
    if (installed / "criteria").is_dir():
        return installed
    return _PACKAGE.parent


def criteria_dir() -> Path:
    return bundle_root() / "criteria"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def locale_dir() -> Path:
    return resources_dir() / "locale"


def schema_path(name: str) -> Path:
    """A JSON Schema shipped inside the package (formats/schemas)."""
    return _PACKAGE / "formats" / "schemas" / name


def user_data_dir() -> Path:
    """Where this user's databases and installed frameworks live.

    CERTDESK_HOME overrides it (tests, portable use).
    """
    override = os.environ.get("CERTDESK_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path  # only when first needed: start-up time

    return user_data_path("CertDesk", appauthor=False)


def user_criteria_dir() -> Path:
    return user_data_dir() / "criteria"


def guide_path(language: str) -> Path:
    """The user's guide (HTML) in `language`, English where there is none."""
    wanted = resources_dir() / "guide" / f"guide.{language}.html"
    return wanted if wanted.exists() else resources_dir() / "guide" / "guide.en.html"
