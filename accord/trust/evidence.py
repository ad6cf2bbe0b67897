"""Practice 2's evidence for the health check, from the same selectors as the Trust tab
(definitions in `accord.trust.selectors`).

commitments_on_time      commitments kept on time, out of those counted (settled or overdue),
                         all time; per promising party
commitments_recent       the same over the last 90 days
commitments_broken       broken commitments (no ratio); per promising party
commitments_disputed     disputed deliveries (no ratio); per promising party
commitments_overdue      open commitments past their due date now (no ratio); per party
items_read               items shared that another party read, out of the items shared; per
                         sharing party; the note says whether sharing is one-sided
concerns_answered        concerns answered at least once, out of the concerns raised; per party
                         the concerns were raised to; the note gives each party's median time
                         to a first answer
concerns_open            concerns not resolved (no ratio); per party they were raised to

Through the viewpoint: a party's private commitments and items count only in its own view.

Scored (decision 0026), recent behaviour weighing most: kept on time in the last 90 days (2),
all time (1); neither broken nor overdue, out of the commitments counted (1: an undelivered
promise weighs more than a late one); deliveries not disputed, out of the deliveries (0.5);
items read (0.5); concerns answered (1) and resolved (0.5). Overdue commitments are shown
alone, and scored within the broken-or-overdue reading.
"""

from datetime import date

from accord.core.evidence import Evidence, Figure, PartyFigure, Reading, per_party, refs
from accord.core.viewpoint import Viewpoint
from accord.lib.confirm import counted
from accord.trust import selectors
from accord.trust.models import Concern


def _by_addressee(
    viewpoint: Viewpoint, counted: list[Concern], whole: list[Concern] | None
) -> tuple[PartyFigure, ...]:
    return tuple(
        PartyFigure.of(
            party,
            [c for c in counted if c.addressed_to_id == party.pk],
            None if whole is None else sum(1 for c in whole if c.addressed_to_id == party.pk),
        )
        for party in viewpoint.parties
    )


def evidence(viewpoint: Viewpoint, today: date) -> Evidence:
    from accord.trust.services import grace_days

    trust = selectors.trust_of(viewpoint, today, grace_days())
    parties = viewpoint.parties
    everything = selectors.Tally.of(trust.commitments, today)
    recent = [c for f in trust.parties for c in f.recent.counted]
    recent_tally = selectors.Tally.of(recent, today)
    items = trust.items
    read = [i for s in trust.sharing.parties for i in s.read_by_others]
    concerns = trust.concerns
    answered = [c for c in concerns if c.first_answered_at is not None]
    unanswered = [c for c in concerns if c.first_answered_at is None]
    open_ = [c for c in concerns if c.status != "resolved"]
    on_time = {c.pk for c in recent_tally.on_time}
    recent_missed = [c for c in recent_tally.counted if c.pk not in on_time]
    read_ids = {i.pk for i in read}
    unread = [i for i in items if i.pk not in read_ids]
    whole = len(everything.counted)
    broken, disputed, overdue = everything.broken, everything.disputed, everything.overdue
    undelivered = [*overdue, *broken]
    delivered = [*everything.on_time, *everything.late, *disputed]
    medians = "; ".join(
        f"{c.party.organization.name}: "
        + (f"{c.median_hours} h" if c.median_hours is not None else "no answer yet")
        for c in trust.concern_parties
        if c.raised_to
    )
    return Evidence(
        practice=2,
        figures=(
            per_party(
                "commitments_on_time",
                "Commitments kept on time",
                parties,
                everything.on_time,
                whole=everything.counted,
                reading=Reading.share(
                    len(everything.on_time), whole, 1, "commitments due so far kept on time"
                ),
            ),
            per_party(
                "commitments_recent",
                "Commitments kept on time, last 90 days",
                parties,
                recent_tally.on_time,
                whole=recent_tally.counted,
                reading=Reading.share(
                    len(recent_tally.on_time),
                    len(recent_tally.counted),
                    2,
                    "commitments due in the last 90 days kept on time",
                    f"Talk through {counted(len(recent_missed), 'recent commitment')} not kept"
                    " on time and agree how to keep the next ones",
                    recent_missed,
                ),
            ),
            per_party(
                "commitments_broken",
                "Commitments broken",
                parties,
                broken,
                reading=Reading.against(
                    len(undelivered),
                    whole,
                    1,
                    "commitments due so far broken or still overdue",
                    "Deliver, renegotiate or make good"
                    f" {counted(len(undelivered), 'commitment')} broken or overdue",
                    undelivered,
                ),
            ),
            per_party(
                "commitments_disputed",
                "Deliveries disputed",
                parties,
                disputed,
                reading=Reading.against(
                    len(disputed),
                    len(delivered),
                    0.5,
                    "deliveries disputed by the receiving party",
                    f"Settle {counted(len(disputed), 'disputed delivery', 'disputed deliveries')}",
                    disputed,
                ),
            ),
            per_party("commitments_overdue", "Commitments overdue", parties, overdue),
            per_party(
                "items_read",
                "Shared items read by the other side",
                parties,
                read,
                whole=items,
                note=trust.sharing.verdict,
                reading=Reading.share(
                    len(read),
                    len(items),
                    0.5,
                    "shared items read by another party",
                    f"Read {counted(len(unread), 'shared item')} the partner shared",
                    unread,
                ),
            ),
            Figure(
                "concerns_answered",
                "Concerns answered",
                len(answered),
                len(concerns),
                refs(answered),
                _by_addressee(viewpoint, answered, concerns),
                f"Median time to a first answer: {medians}." if medians else "",
                Reading.share(
                    len(answered),
                    len(concerns),
                    1,
                    "concerns raised have had an answer",
                    f"Answer {counted(len(unanswered), 'concern')} still waiting",
                    unanswered,
                ),
            ),
            Figure(
                "concerns_open",
                "Concerns open",
                len(open_),
                None,
                refs(open_),
                _by_addressee(viewpoint, open_, None),
                reading=Reading.against(
                    len(open_),
                    len(concerns),
                    0.5,
                    "concerns raised still open",
                    f"Resolve {counted(len(open_), 'open concern')} together",
                    open_,
                ),
            ),
        ),
    )
