"""Bounds checked on untrusted input before any parser or large allocation runs.

Every check is one linear pass without recursion, and every refusal is an
InvalidFileError of one line that names the file.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.i18n import _

if TYPE_CHECKING:
    from zipfile import ZipInfo

# What CertDesk writes for its largest framework (322 items): a questionnaire of
# 50 KB (0.3 MB unpacked, 10 parts, 323 rows of 8 columns) and a framework
# workbook of 134 KB (0.5 MB unpacked, 19 parts, largest part 0.45 MB, packed
# at most 8.3 times smaller). openpyxl holds a whole row, the shared strings and
# the styles in memory: a 4 MB part made of one row of empty cells takes it
# 250 MB and 2.5 s.
XLSX_MAX_BYTES = 20 * 2**20
XLSX_MAX_UNCOMPRESSED = 16 * 2**20
"""All parts together, unpacked."""
XLSX_MAX_PART = 4 * 2**20
"""One part, unpacked."""
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 2**20
"""Parts smaller than this unpacked are not held to XLSX_MAX_RATIO."""
XLSX_MAX_MEMBERS = 1000
XLSX_MAX_ROWS = 20_000
XLSX_MAX_COLUMNS = 64
_HEAD = 4096
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\b[^>]*?\bref\s*=\s*["']([^"']*)["']""")
_CELL = re.compile(rb"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_DAMAGED = (zlib.error, SyntaxError, LookupError, OSError, EOFError, ValueError, TypeError)
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)

DOCUMENT_MAX_BYTES = 5 * 1024 * 1024
"""The most a YAML or JSON document (a criteria file, a mapping) may hold."""


def _fail(name: str, message: str, line: int | None = None) -> InvalidFileError:
    return InvalidFileError([Problem(name, message, line)])


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}".removesuffix(".0")


def too_large(name: str, size: int, limit: int) -> InvalidFileError:
    msg = _("the file is too large ({size} MB; the limit is {limit} MB)")
    return _fail(name, msg.format(size=f"{size / 2**20:.1f}", limit=_mb(limit)))


def json_depth_ok(text: str, limit: int) -> bool:
    """Whether JSON `text` nests arrays and objects at most `limit` deep (strings skipped)."""
    depth = 0
    for token in _JSON_TOKEN.finditer(text):
        mark = text[token.start()]
        if mark in "[{":
            depth += 1
            if depth > limit:
                return False
        elif mark in "]}":
            depth -= 1  # below zero, json fails there, before any deeper level
    return True


def text_of(raw: bytes, name: str, max_bytes: int, encoding: str = "utf-8") -> str:
    """The UTF-8 text of file `name`, refused when larger than `max_bytes` or not UTF-8."""
    if len(raw) > max_bytes:
        raise too_large(name, len(raw), max_bytes)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        msg = _("the file is not UTF-8 text (bad byte at offset {offset})")
        raise _fail(name, msg.format(offset=exc.start)) from None


def load_json(raw: bytes, name: str, *, max_bytes: int, max_depth: int = 32) -> object:
    """The value of UTF-8 JSON `raw` (file `name`), parsed only once it is known to be small."""
    text = text_of(raw, name, max_bytes)
    if not json_depth_ok(text, max_depth):
        raise _fail(name, _("the document nests too deeply"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(
            name, _("JSON syntax error: {detail}").format(detail=exc.msg), exc.lineno
        ) from None
    except (ValueError, RecursionError) as exc:
        raise _fail(name, _("JSON syntax error: {detail}").format(detail=exc)) from None


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def read_regular(path: Path, max_bytes: int, name: str) -> bytes:
    """The bytes of the regular file at `path`; folders, devices and pipes are never opened."""
    not_regular = _("this is not a regular file (CertDesk reads no folders, devices or pipes)")
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _fail(name, not_regular)
        with os.fdopen(os.open(path, _OPEN_FLAGS | getattr(os, "O_NOCTTY", 0)), "rb") as file:
            info = os.fstat(file.fileno())  # the file opened, should `path` have changed since
            if not stat.S_ISREG(info.st_mode):
                raise _fail(name, not_regular)
            if info.st_size > max_bytes:
                raise too_large(name, info.st_size, max_bytes)
            raw = file.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _fail(name, _("cannot read the file: {reason}").format(reason=reason)) from None
    if len(raw) > max_bytes:
        raise too_large(name, len(raw), max_bytes)
    return raw


def damaged(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """What zipfile and openpyxl raise on a damaged workbook (ParseError is a SyntaxError)."""
    import zipfile  # here, not above: the YAML readers need none of it

    return (zipfile.BadZipFile, *_DAMAGED, *more)


def _declared_members(raw: bytes) -> int | None:
    """The member count of the zip's end record, read before zipfile lists every member."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(raw):
        return None
    return int.from_bytes(raw[end + 10 : end + 12], "little")  # 0xFFFF (zip64): too many


def check_xlsx(
    raw: bytes,
    name: str,
    *,
    max_bytes: int = XLSX_MAX_BYTES,
    max_uncompressed: int = XLSX_MAX_UNCOMPRESSED,
    max_part: int = XLSX_MAX_PART,
    max_ratio: int = XLSX_MAX_RATIO,
    max_members: int = XLSX_MAX_MEMBERS,
    max_rows: int = XLSX_MAX_ROWS,
    max_columns: int = XLSX_MAX_COLUMNS,
) -> None:
    """Refuse a workbook that would unpack to too much, before openpyxl opens it.

    The sizes are those of the zip's central directory: zipfile, and so
    openpyxl, never unpacks a member past the size declared there.
    """
    import zipfile

    if len(raw) > max_bytes:
        raise too_large(name, len(raw), max_bytes)
    count = _declared_members(raw) or 0
    try:
        if count > max_members:
            raise _TooManyError
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            members = book.infolist()
            count = len(members)
            if count > max_members:
                raise _TooManyError
            _check_sizes(name, members, max_uncompressed, max_part, max_ratio)
            for member in members:
                if member.filename.lower().endswith(".xml"):
                    with book.open(member) as part:
                        _check_dimension(name, part.read(_HEAD), max_rows, max_columns)
    except _TooManyError:
        msg = _("the workbook holds too many parts ({count}; the limit is {limit})")
        raise _fail(name, msg.format(count=count, limit=max_members)) from None
    except damaged(RuntimeError):  # RuntimeError: an encrypted part
        raise _not_xlsx(name) from None


class _TooManyError(Exception):
    pass


def _not_xlsx(name: str) -> InvalidFileError:
    return _fail(name, _("this is not an Excel workbook (.xlsx) that CertDesk can read"))


def _check_sizes(
    name: str, members: list[ZipInfo], max_total: int, max_part: int, max_ratio: int
) -> None:
    for member in members:
        if member.compress_type not in (0, 8):  # stored, deflated
            raise _not_xlsx(name)  # Excel uses no other; zipfile unpacks bzip2 and lzma unbounded
        part, size = member.filename[:60], member.file_size
        if size > max_part:
            msg = _(
                "the part {part} of the workbook unpacks to {size} MB (the limit is {limit} MB)"
            )
            raise _fail(name, msg.format(part=part, size=_mb(size), limit=_mb(max_part)))
        ratio = size // max(member.compress_size, 1)
        if size > XLSX_RATIO_FROM and ratio > max_ratio:
            msg = _(
                "the part {part} of the workbook unpacks to {ratio} times its packed size "
                "(the limit is {limit}); this looks like a zip bomb"
            )
            raise _fail(name, msg.format(part=part, ratio=ratio, limit=max_ratio))
    total = sum(m.file_size for m in members)
    if total > max_total:
        msg = _("the workbook unpacks to too much data ({size} MB; the limit is {limit} MB)")
        raise _fail(name, msg.format(size=_mb(total), limit=_mb(max_total)))


def _check_dimension(name: str, head: bytes, max_rows: int, max_columns: int) -> None:
    """Refuse a sheet whose declared used range (`<dimension ref="A1:H323"/>`) is too large."""
    found = _DIMENSION.search(head)
    cells = _CELL.findall(found.group(1)) if found else []
    if not found or not cells:
        return  # none declared: the readers bound their rows and columns themselves
    letters, row = cells[-1]
    column = 0
    for letter in letters.upper():
        column = column * 26 + letter - ord("A") + 1
    if int(row) > max_rows or column > max_columns:
        msg = _(
            "a sheet of the workbook declares the cells {ref}, more than CertDesk reads "
            "({rows} rows, {columns} columns)"
        )
        ref = found.group(1)[:40].decode("ascii", "replace")
        raise _fail(name, msg.format(ref=ref, rows=max_rows, columns=max_columns))


def sheet_rows(
    sheet: Any, name: str, title: str, *, first: int, width: int, max_rows: int = XLSX_MAX_ROWS
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, its first `width` cells) of a read-only openpyxl sheet, from row `first`.

    The size the sheet declares is not trusted (openpyxl would pad every row
    to it), and a sheet of more than `max_rows` rows is refused at that row.
    """
    sheet.reset_dimensions()
    rows = enumerate(sheet.iter_rows(min_row=first, max_col=width), start=first)
    while True:
        try:
            number, cells = next(rows)  # openpyxl parses the sheet as it goes
        except StopIteration:
            return
        except damaged():
            raise _not_xlsx(name) from None
        if number > max_rows:
            msg = _("the sheet '{sheet}' has more than {limit} rows")
            raise _fail(name, msg.format(sheet=title, limit=max_rows))
        yield number, cells
