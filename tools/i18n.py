"""Keep the Korean catalog in step with the code.

  python tools/i18n.py update    extract `_()` strings, merge them into ko's .po
  python tools/i18n.py compile   compile the .po into the .mo the program reads
  python tools/i18n.py fill F.py fill empty entries from the dict KO in F.py

English is the source language and needs no catalog. tests/test_translations.py
fails when a string lacks a Korean translation or the .mo is stale.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "resources" / "locale" / "ko" / "LC_MESSAGES" / "certdesk.po"
KEYWORDS = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def extracted() -> Catalog:
    catalog = Catalog(project="CertDesk", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "certdesk", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(
            message,
            locations=[(f"certdesk/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def read_catalog(path: Path = PO) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale="ko")


def update() -> None:
    template = extracted()
    catalog = read_catalog() if PO.exists() else Catalog(locale="ko", project="CertDesk")
    catalog.update(template, no_fuzzy_matching=True)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, ignore_obsolete=True)


def compile_mo() -> None:
    with PO.with_suffix(".mo").open("wb") as f:
        write_mo(f, read_catalog())


def _key(message: Message) -> str | tuple[str, str]:
    """How a fill table names a message: its text, or (context, text) where it has a context;
    a plural message by its singular."""
    text = str(message.id if isinstance(message.id, str) else message.id[0])
    return (message.context, text) if message.context else text


def fill(path: str) -> None:
    """Fill empty entries from the dict KO in `path` (a plural's value is a tuple of forms)."""
    table: dict[str | tuple[str, str], str | tuple[str, ...]] = runpy.run_path(path)["KO"]
    catalog = read_catalog()
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(forms) and _key(message) in table:
            message.string = table[_key(message)]
    with PO.open("wb") as f:
        write_po(f, catalog, width=100)


if __name__ == "__main__":
    if sys.argv[1] == "fill":
        fill(sys.argv[2])
    else:
        {"update": update, "compile": compile_mo}[sys.argv[1]]()
