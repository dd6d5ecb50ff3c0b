"""What the window's pages share: each refreshes exactly what a change names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from certdesk.services.changes import Changes

if TYPE_CHECKING:
    from certdesk.services.context import Context
    from certdesk.ui.operations import Operations


@runtime_checkable
class Page(Protocol):
    def apply_changes(self, changes: Changes) -> None:
        """Refresh the parts of the page that `changes` names, and nothing else."""

    def refresh(self) -> None:
        """Read everything again (the page was stale while hidden)."""


@runtime_checkable
class Shell(Protocol):
    """What a room's actions need of the window, without knowing the window."""

    @property
    def ctx(self) -> Context | None: ...

    @property
    def ops(self) -> Operations: ...

    def open_assessment(self, assessment_id: str) -> None: ...

    def show_page(self, page: QWidget) -> None:
        """Put a page of the window's stack in front (adding it if it is new)."""

    def say(self, text: str) -> None:
        """A line in the status bar."""

    def set_title(self, text: str) -> None:
        """What the window's title says after "CertDesk —"."""

    def changes_made(self, changes: Changes, origin: object = None) -> None:
        """Hand a change to the pages (all but `origin`, which showed it already)."""
