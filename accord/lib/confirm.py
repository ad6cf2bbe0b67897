"""The sentences a confirmation asks with: what is removed, and what else goes with it.

Every delete and removal on the pages asks through the one dialog of base.html (app.js), with a
sentence made here from counts that selectors read on the server, so that the person sees what
they are about to lose before they lose it.
"""

from collections.abc import Iterable


def counted(count: int, singular: str, plural: str = "") -> str:
    """'1 link', '2 links': `plural` defaults to `singular` + "s"."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def deletion_note(what: str, goes_with: Iterable[tuple[int, str, str]] = ()) -> str:
    """'Deleting this objective also removes its 2 links. This cannot be undone.'

    `what` names the thing ("this objective"); `goes_with` lists (count, singular, plural) of
    what is removed with it; those with a count of 0 are left out."""
    parts = [counted(n, one, many) for n, one, many in goes_with if n]
    if not parts:
        return f"Delete {what}? This cannot be undone."
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Deleting {what} also removes its {listed}. This cannot be undone."
