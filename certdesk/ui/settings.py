"""Typed settings, kept in an INI file in the user data folder (no secrets in it)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from certdesk.paths import user_data_dir

MAX_RECENT = 8


class Settings:
    def __init__(self) -> None:
        path = user_data_dir() / "settings.ini"
        self.q = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def language(self) -> str | None:
        value = self.q.value("ui/language", "")
        return str(value) or None

    @language.setter
    def language(self, value: str) -> None:
        self.q.setValue("ui/language", value)

    def recent(self) -> list[str]:
        value = self.q.value("files/recent", [])
        items = (
            [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        )
        return [str(v) for v in items if v]

    def add_recent(self, path: str) -> None:
        items = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        self.q.setValue("files/recent", items)

    def blob(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_blob(self, key: str, value: QByteArray) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
