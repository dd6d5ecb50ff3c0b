"""Translation of user-visible strings (gettext); Korean and English ship together.

Framework texts are data with their own locales; this module is for the
program's own words. The language follows CERTDESK_LANG, then the system's
locale variables, and falls back to English.
"""

from __future__ import annotations

import gettext
import os
import threading

from certdesk.paths import locale_dir

DOMAIN = "certdesk"
LANGUAGES = ("en", "ko")


class _State:
    translation: gettext.NullTranslations = gettext.NullTranslations()
    language = "en"


def system_language() -> str:
    """The language the environment asks for, as one of LANGUAGES."""
    for var in ("CERTDESK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def set_language(language: str | None = None) -> str:
    """Switch the program's language; returns the language in force."""
    wanted = language or system_language()
    _State.language = wanted if wanted in LANGUAGES else "en"
    _State.translation = gettext.translation(
        DOMAIN, localedir=locale_dir(), languages=[_State.language], fallback=True
    )
    return _State.language


def current_language() -> str:
    """The language in force in this thread (see `language`), else the program's."""
    return getattr(_local, "language", None) or _State.language


_local = threading.local()


def _translation() -> gettext.NullTranslations:
    override: gettext.NullTranslations | None = getattr(_local, "translation", None)
    return override or _State.translation


def _(message: str) -> str:
    """Translate `message` into the current language (of this thread, see `language`)."""
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation().ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Translate a word whose meaning depends on where it stands (to "Open", an "Open" finding)."""
    return _translation().pgettext(context, message)


class language:  # noqa: N801 (used as a context manager: `with language("ko"):`)
    """Translate into `wanted` inside a block, in this thread only.

    A report written in Korean on a background thread leaves the English
    interface English.
    """

    def __init__(self, wanted: str) -> None:
        self.wanted = wanted if wanted in LANGUAGES else "en"

    def __enter__(self) -> str:
        _local.translation = gettext.translation(
            DOMAIN, localedir=locale_dir(), languages=[self.wanted], fallback=True
        )
        _local.language = self.wanted
        return self.wanted

    def __exit__(self, *exc: object) -> None:
        _local.translation = None
        _local.language = None
