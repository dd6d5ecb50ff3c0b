"""Expected failures: each carries a one-line message the user can act on."""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can fix (bad file, unknown id...); never a bug.

    The message is already translated and fits on one line; `details` may add
    one line per problem (for example every problem of a file).
    """

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class CancelledError(Exception):
    """The user cancelled a long operation; nothing was written."""
