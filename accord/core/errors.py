"""Errors that services raise and every interface turns into the same answer."""

from typing import Any


class StaleEdit(Exception):
    """The record changed since the version the edit was based on; nothing was applied."""

    def __init__(self, current: Any) -> None:
        self.current = current
        # (label, saved now, what was typed) per field; the edit page fills it for display.
        self.comparison: list[tuple[str, str, str]] = []
        super().__init__(
            f"Someone else changed this {current._meta.verbose_name} first "
            f"(it is now at version {current.version}). Nothing was saved; "
            "review the current values and apply your change again."
        )


class InvitationError(Exception):
    """An invitation that cannot be used: unknown, expired, revoked, used, or not for you."""
