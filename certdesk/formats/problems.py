"""Problems found in a file, each naming where it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PathPart = str | int
DocPath = tuple[PathPart, ...]


def path_text(path: DocPath) -> str:
    """A document path as `areas[0].criteria[2].id`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    line: int | None = None
    path: DocPath = ()
    cell: str | None = None
    """A spreadsheet location such as `Items!D17`, for files read from a workbook."""

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}: {self.cell}: {self.message}"
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        inside = f" {path_text(self.path)}:" if self.path else ""
        return f"{where}:{inside} {self.message}"


class InvalidFileError(Exception):
    """Raised when a file cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
