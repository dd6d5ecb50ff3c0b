"""The framework library: bundled frameworks and those the user installed."""

from __future__ import annotations

import hashlib
import json
import shutil
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certdesk.domain.framework import Framework
from certdesk.errors import UserError
from certdesk.formats.bounded import DOCUMENT_MAX_BYTES, read_regular
from certdesk.formats.criteria.build import build
from certdesk.formats.criteria.canonical import content_hash
from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.i18n import _
from certdesk.paths import criteria_dir, user_criteria_dir, user_data_dir
from certdesk.services.changes import Changes

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Entry:
    framework: Framework
    path: Path
    bundled: bool


def criteria_files(paths: list[Path]) -> list[Path]:
    """The criteria files named, folders expanded to the files they hold."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in SUFFIXES))
        else:
            files.append(path)
    return files


def validate(paths: list[Path]) -> tuple[list[Framework], list[Problem]]:
    """Load every file; return what loaded and every problem found."""
    from certdesk.formats.criteria import load_framework  # YAML and the schema: not at start-up

    loaded: list[Framework] = []
    problems: list[Problem] = []
    for path in criteria_files(paths):
        try:
            loaded.append(load_framework(path))
        except InvalidFileError as exc:
            problems.extend(exc.problems)
    return loaded, problems


def file_error(exc: InvalidFileError) -> UserError:
    first = exc.problems[0]
    count = len(exc.problems)
    summary = _("{file} is not a valid criteria file ({count} problems)").format(
        file=first.file, count=count
    )
    return UserError(summary, tuple(str(p) for p in exc.problems))


_CACHE: dict[Path, tuple[int, int, Framework]] = {}


def _cache_file(digest: str) -> Path:
    """The validated data of the criteria file whose bytes hash to `digest`, as JSON.

    Start-up then skips the YAML parse and the validation of files that passed
    them before; the content hash is still computed from the data every time.
    """
    return user_data_dir() / "cache" / "criteria" / f"{digest}.json"


def _load_cached(path: Path) -> Framework:
    """Load a criteria file once per change of its size or modification time."""
    stat = path.stat()
    held = _CACHE.get(path)
    if held and held[:2] == (stat.st_mtime_ns, stat.st_size):
        return held[2]
    raw = read_regular(path, DOCUMENT_MAX_BYTES, str(path))
    cached = _cache_file(hashlib.sha256(raw).hexdigest())
    data: Any = None
    with suppress(OSError, ValueError):
        data = json.loads(cached.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        from certdesk.formats.criteria import parse_document  # YAML, the schema: not cached

        data = parse_document(raw, str(path))  # raises InvalidFileError
        with suppress(OSError):
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    framework = build(data, content_hash(data))  # the cached data passed every check
    _CACHE[path] = (stat.st_mtime_ns, stat.st_size, framework)
    return framework


@dataclass(frozen=True, kw_only=True)
class Installed(Changes):
    framework: Framework
    copied: bool
    """False when the same content was installed already."""


class Library:
    def __init__(self, bundled: Path | None = None, user: Path | None = None) -> None:
        self.bundled = bundled or criteria_dir()
        self.user = user or user_criteria_dir()

    def entries(self, named: str | None = None) -> list[Entry]:
        """Every framework that loads, bundled ones first; broken files are skipped.

        With `named`, only the files whose name starts with that id are read:
        bundled files are named ID.yaml and installed ones ID-VERSION.yaml.
        """
        found: list[Entry] = []
        for folder, bundled in ((self.bundled, True), (self.user, False)):
            if not folder.is_dir():
                continue
            for path in criteria_files([folder]):
                if named and not (path.stem == named or path.stem.startswith(named + "-")):
                    continue
                try:
                    found.append(Entry(_load_cached(path), path, bundled))
                except (InvalidFileError, OSError):
                    continue
        return found

    def find(self, ref: str) -> Framework:
        """A framework by file path, by `ID` (newest version) or by `ID@VERSION`."""
        return self.find_entry(ref).framework

    def find_entry(self, ref: str) -> Entry:
        from certdesk.formats.criteria import load_framework  # YAML and the schema: not at start-up

        path = Path(ref)
        if path.suffix in SUFFIXES and path.exists():
            try:
                return Entry(load_framework(path), path, bundled=False)
            except InvalidFileError as exc:
                raise file_error(exc) from None
        wanted_id, _sep, wanted_version = ref.partition("@")
        candidates = self.entries(named=wanted_id)
        if not any(e.framework.id == wanted_id for e in candidates):
            candidates = self.entries()  # a file named otherwise by hand
        matches = [
            e
            for e in candidates
            if e.framework.id == wanted_id
            and (not wanted_version or e.framework.version == wanted_version)
        ]
        if not matches:
            msg = _("no framework '{ref}' is installed; `certdesk frameworks list` shows them")
            raise UserError(msg.format(ref=ref))
        return max(matches, key=lambda e: _version_key(e.framework.version))

    def install(self, file: Path) -> Installed:
        """Copy a valid criteria file into the user's library.

        Nothing is copied when the same content is already there; the same id
        and version with different content is refused.
        """
        from certdesk.formats.criteria import load_framework  # YAML and the schema: not at start-up

        try:
            framework = load_framework(file)
        except InvalidFileError as exc:
            raise file_error(exc) from None
        for entry in self.entries():
            held = entry.framework
            if (held.id, held.version) != (framework.id, framework.version):
                continue
            if held.content_hash == framework.content_hash:
                return Installed(framework=framework, copied=False)
            msg = _(
                "{id} version {version} is already installed with other content; "
                "give the changed file a new version"
            )
            raise UserError(msg.format(id=framework.id, version=framework.version))
        self.user.mkdir(parents=True, exist_ok=True)
        target = self.user / f"{framework.id}-{framework.version}{file.suffix}"  # see entries()
        shutil.copyfile(file, target)
        return Installed(framework=framework, copied=True, frameworks=True)


def source_data(entry: Entry) -> dict[str, Any]:
    """The validated data of the file a framework was loaded from."""
    from certdesk.formats.criteria import parse_document

    return parse_document(
        read_regular(entry.path, DOCUMENT_MAX_BYTES, str(entry.path)), str(entry.path)
    )


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    parts = version.replace("-", ".").split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)
