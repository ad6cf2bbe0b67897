"""What a practice says when one of its audited changes must be heard: a `Notice`.

A practice declares `Practice.notices`, `notices(event) -> Iterable[Notice]`, a plain function
of one audit event (the one write path audits every change, so nothing is missed and nothing is
announced for a change that rolled back). The notifications app calls it from the worker and
turns each notice into in-app notifications, emails and webhook events, for the people and
organizations that may see the event (audit visibility: an event private to an organization is
never announced outside it). A notice carries ids and words a reader of the event may see, never
more.

What is due is not a change: a practice declares `Practice.reminders`, `reminders(today) ->
Iterable[Reminder]`, a plain function of the day. The notifications app calls it once a day and
turns each reminder into notifications like a notice's, once per `key` and person, whatever the
number of runs.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    kind: str  # stable machine name, "<practice>.<what>", e.g. "trust.commitment_disputed"
    partnership_id: int
    title: str  # one line a person reads, e.g. "Beta disputed “Pilot plan delivered”"
    url: str  # the page where the reader can act (a path, not a full URL)
    # The parties whose team members hear it; empty = every party of the partnership.
    party_ids: tuple[int, ...] = ()
    # Only those who may bind their party (leads and admins): something to approve or endorse.
    binding_only: bool = False
    # Named people (an owner, an assignee), heard as well; still only if they may see the event.
    user_ids: tuple[int, ...] = ()
    # Only the named `user_ids`, not the parties' teams: a reminder to those yet to act.
    named_only: bool = False


@dataclass(frozen=True)
class Reminder:
    """Something due or waiting on `today`, said as a notice. `key` names it once for good
    ("trust.commitment_overdue:12:2026-05-01"): a reminder with a key already heard is not
    heard again, so a new due date (a new key) reminds anew. `private_to_id`: the organization
    the record is private to, whose members alone may hear it; words and ids as a reader of
    the record may see them now."""

    key: str
    notice: Notice
    private_to_id: int | None = None
