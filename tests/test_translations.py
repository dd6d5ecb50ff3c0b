"""Every program string has a Korean translation, and the shipped .mo is current."""

from __future__ import annotations

import gettext
import re

from tools import i18n as i18n_tool

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def test_every_string_has_a_korean_translation() -> None:
    catalog = i18n_tool.read_catalog()
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    missing = [m.id for m in i18n_tool.extracted() if m.id and m.id not in translated]
    assert not missing, "run tools/i18n.py update, translate, compile: " + repr(missing[:5])


def test_placeholders_survive_translation() -> None:
    for message in i18n_tool.read_catalog():
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(str(message.id))) == sorted(
                PLACEHOLDER.findall(str(message.string))
            ), message.id


def test_compiled_catalog_matches_the_po() -> None:
    mo_path = i18n_tool.PO.with_suffix(".mo")
    with mo_path.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in i18n_tool.read_catalog():
        if message.id and message.string:
            assert compiled.gettext(str(message.id)) == message.string, "run tools/i18n.py compile"
