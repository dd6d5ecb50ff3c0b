"""Texts that a framework carries in several languages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

REQUIRED_LOCALES = ("ko", "en")
FALLBACK_LOCALE = "en"


@dataclass(frozen=True)
class LocalText:
    """A text in several locales; `ko` and `en` are always present."""

    values: Mapping[str, str] = field(default_factory=dict)

    def get(self, locale: str) -> str:
        """The text in `locale`, falling back to English, then to any text."""
        if locale in self.values:
            return self.values[locale]
        if FALLBACK_LOCALE in self.values:
            return self.values[FALLBACK_LOCALE]
        return next(iter(self.values.values()), "")

    def as_dict(self) -> dict[str, str]:
        return dict(self.values)
