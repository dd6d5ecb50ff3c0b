"""LibreOffice headless, as a person's spreadsheet program: convert or re-save a workbook."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "install libreoffice-calc (./dev test does)"
    return found


def convert(book: Path, to: str, out: Path, profile: Path) -> Path:
    """`book` converted by LibreOffice to the filter `to` (e.g. "xlsx", "pdf") in `out`."""
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    made = out / f"{book.stem}.{to.split(':', 1)[0]}"
    assert made.is_file(), f"LibreOffice wrote no {made.name}"
    return made


def resave(book: Path, out: Path, profile: Path) -> Path:
    """`book` opened and saved again as .xlsx by LibreOffice, as a supplier's office would."""
    return convert(book, "xlsx:Calc Office Open XML", out, profile)
