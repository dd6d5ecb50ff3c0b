"""Every program string has a Korean translation, and the shipped .mo is current."""

from __future__ import annotations

import gettext
import re

from tools import i18n as i18n_tool

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _done(string: object) -> bool:
    """A translation is done when it, or every plural form of it, is filled in."""
    forms = string if isinstance(string, tuple) else (string,)
    return all(isinstance(f, str) and f for f in forms)


def test_every_string_has_a_korean_translation() -> None:
    catalog = i18n_tool.read_catalog()
    translated = {
        (m.context, str(m.id if isinstance(m.id, str) else m.id[0]))
        for m in catalog
        if m.id and _done(m.string) and not m.fuzzy
    }
    missing = [
        m.id
        for m in i18n_tool.extracted()
        if m.id and (m.context, str(m.id if isinstance(m.id, str) else m.id[0])) not in translated
    ]
    assert not missing, "run tools/i18n.py update, translate, compile: " + repr(missing[:5])


def _forms(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple) else (str(value),)


def test_placeholders_survive_translation() -> None:
    for message in i18n_tool.read_catalog():
        if message.id and message.string:
            wanted = sorted(PLACEHOLDER.findall(_forms(message.id)[-1]))
            for form in _forms(message.string):
                assert sorted(PLACEHOLDER.findall(form)) == wanted, message.id


def test_compiled_catalog_matches_the_po() -> None:
    mo_path = i18n_tool.PO.with_suffix(".mo")
    with mo_path.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in i18n_tool.read_catalog():
        if not (message.id and message.string):
            continue
        if isinstance(message.id, tuple):
            got = compiled.ngettext(message.id[0], message.id[1], 1)
            assert got == _forms(message.string)[0], "run tools/i18n.py compile"
        elif message.context:
            got = compiled.pgettext(message.context, str(message.id))
            assert got == message.string, "run tools/i18n.py compile"
        else:
            assert compiled.gettext(str(message.id)) == message.string, "run tools/i18n.py compile"


def test_report_language_stays_in_its_thread() -> None:
    import threading

    from certdesk.i18n import _, language

    seen: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def write_korean_report() -> None:
        with language("ko"):
            seen.append(_("Score"))
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=write_korean_report)
    worker.start()
    inside.wait(5)
    assert _("Score") == "Score"  # the interface thread stays English
    release.set()
    worker.join()
    assert seen == ["점수"]
