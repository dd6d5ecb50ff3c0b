"""What a call that writes changed, so each screen refreshes exactly that.

Every service function that writes returns a `Changes` value (or one of its
kinds that also carries what the caller asked for: the id of what was
created, a count, a score), in the manner of Anki's OpChanges. A screen looks
at the flags that concern it and refreshes those parts; a screen that is not
visible only notes that it is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path


@dataclass(frozen=True, kw_only=True)
class Changes:
    assessment: str | None = None
    """The assessment the change concerns, if one."""
    items: frozenset[str] = frozenset()
    """Items whose answer or note changed."""
    every_item: bool = False
    """Any answer of the assessment may have changed (an import, a merge)."""
    attachments: frozenset[str] = frozenset()
    """Items whose evidence or findings changed ("" for the assessment as a whole)."""
    status: bool = False
    """The assessment's status or its header (supplier, site, cycle...)."""
    assessments: bool = False
    """The list of assessments: one was created, removed or summarised differently."""
    suppliers: bool = False
    portfolio: bool = False
    """Headquarters' view of its suppliers (imports, certificates, decisions)."""
    trust: bool = False
    certificates: bool = False
    responses: bool = False
    kits: bool = False
    keys: bool = False
    """This user's own keys or the pinned headquarters key."""
    settings: bool = False
    """Database-wide settings such as retention periods."""
    frameworks: bool = False
    """The framework library: a framework was installed."""

    def __or__(self, other: Changes) -> Changes:
        """Both changes at once (the concerned assessment of the first that names one)."""
        merged: dict[str, object] = {}
        for f in fields(Changes):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, frozenset):
                merged[f.name] = mine | theirs
            elif isinstance(mine, bool):
                merged[f.name] = mine or theirs
            else:
                merged[f.name] = mine if mine is not None else theirs
        return Changes(**merged)  # type: ignore[arg-type]

    def plain(self) -> Changes:
        """Only the change flags, without what a kind of change carries besides."""
        return Changes(**{f.name: getattr(self, f.name) for f in fields(Changes)})

    def of(self, assessment: str) -> bool:
        """Whether anything of `assessment` changed."""
        return self.assessment == assessment and (
            bool(self.items or self.attachments) or self.every_item or self.status
        )

    def with_assessment(self, assessment: str) -> Changes:
        return replace(self, assessment=assessment)


NOTHING = Changes()


@dataclass(frozen=True, kw_only=True)
class Created(Changes):
    """A record was created: its id."""

    id: str


@dataclass(frozen=True, kw_only=True)
class Counted(Changes):
    """Several records were written: how many."""

    count: int


@dataclass(frozen=True, kw_only=True)
class Written(Changes):
    """Files were written (a report, an export, a package)."""

    files: tuple[Path, ...]
    sequence: int | None = None
