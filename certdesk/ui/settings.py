"""Typed settings, declared once each, kept in an INI file in the user data folder.

Every setting is an `Option`: its key, type, default and the settings version
that introduced it, in the manner of Picard's options. Nothing secret is ever
kept here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

from certdesk.paths import user_data_dir

T = TypeVar("T")
VERSION = 2
"""The settings version this release writes; older files are upgraded on open."""
MAX_RECENT = 8


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    kind: type[T]
    default: T
    since: int
    """The settings version that introduced it."""


LANGUAGE = Option("ui/language", str, "", 1)
"""The interface language chosen by the user ("" follows the system)."""
RECENT: Option[list[str]] = Option("files/recent", list, [], 1)
"""Recently opened databases, newest first."""
GEOMETRY = Option("window/geometry", QByteArray, QByteArray(), 1)
SPLITTER = Option("workspace/splitter", QByteArray, QByteArray(), 1)
LAST_FOLDER = Option("files/last_folder", str, "", 2)
"""Where the last export or import file was chosen."""
OPTIONS: tuple[Option[object], ...] = cast(
    "tuple[Option[object], ...]", (LANGUAGE, RECENT, GEOMETRY, SPLITTER, LAST_FOLDER)
)


class Settings:
    def __init__(self) -> None:
        path = user_data_dir() / "settings.ini"
        self.q = QSettings(str(path), QSettings.Format.IniFormat)
        self._upgrade()

    def _upgrade(self) -> None:
        version = int(str(self.q.value("settings/version", 1) or 1))
        if version < VERSION:
            self.q.setValue("settings/version", VERSION)

    def get(self, option: Option[T]) -> T:
        value = self.q.value(option.key, option.default)
        if option.kind is list:
            items = [value] if isinstance(value, str) else value
            value = [str(v) for v in items if v] if isinstance(items, list) else []
        elif option.kind is QByteArray:
            value = value if isinstance(value, QByteArray) else option.default
        else:
            value = str(value) if value is not None else option.default
        return cast("T", value)

    def set(self, option: Option[T], value: T) -> None:
        self.q.setValue(option.key, value)

    @property
    def language(self) -> str | None:
        return self.get(LANGUAGE) or None

    @language.setter
    def language(self, value: str) -> None:
        self.set(LANGUAGE, value)

    def recent(self) -> list[str]:
        found: list[str] = self.get(RECENT)
        return found

    def add_recent(self, path: str) -> None:
        items = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        self.set(RECENT, items)

    def sync(self) -> None:
        self.q.sync()
