"""What a practice says when one of its audited changes must be heard: a `Notice`.

A practice declares `Practice.notices`, `notices(event) -> Iterable[Notice]`, a plain function
of one audit event (the one write path audits every change, so nothing is missed and nothing is
announced for a change that rolled back). The notifications app calls it from the worker and
turns each notice into in-app notifications, emails and webhook events, for the people and
organizations that may see the event (audit visibility: an event private to an organization is
never announced outside it). A notice carries ids and words a reader of the event may see, never
more.
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
