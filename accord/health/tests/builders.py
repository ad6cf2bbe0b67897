"""A partnership healthy in every practice, and the failures a scenario plants on top of it,
all made through the real services (as the practices' own tests make them).

Everything is dated relative to the real today (`TODAY`): the long-term KPIs' status and a
few other figures are read at the current date.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accord.alignment import services as alignment
from accord.alignment.models import LinkKind
from accord.communication import services as communication
from accord.contingency import services as contingency
from accord.core.models import Party
from accord.longterm import services as longterm
from accord.roles import services as roles
from accord.trust import services as trust

TODAY = timezone.localdate()


def day(offset: int):
    return TODAY + timedelta(days=offset)


def moment(offset: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day(offset), time(hour)))


class Builder:
    """Records in `t`'s partnership (an AccordTestCase), each by the party's contributor:
    alice for Alpha, bob for Beta; leads (alice, bea) endorse and approve."""

    def __init__(self, t: Any) -> None:
        self.t = t
        self.a, self.b = t.party_a, t.party_b

    def actor(self, party: Party):
        return self.t.alice if party == self.a else self.t.bob

    def lead(self, party: Party):
        return self.t.alice if party == self.a else self.t.bea

    def other(self, party: Party) -> Party:
        return self.b if party == self.a else self.a

    def by(self, party: Party) -> dict[str, Any]:
        return {"party": party, "actor": self.actor(party)}

    # --- Alignment -----------------------------------------------------------------------

    def goal(self, title: str, *endorsing: Party):
        goal = alignment.goal_create(**self.by(self.a), title=title)
        for party in endorsing:
            alignment.goal_endorse(goal=goal, party=party, actor=self.lead(party))
        return goal

    def objective(self, party: Party, title: str, supports=None, conflicts=None):
        made = alignment.objective_create(**self.by(party), title=title)
        if supports is not None:
            alignment.link_create(objective=made, goal=supports, actor=self.actor(party))
        if conflicts is not None:
            alignment.link_create(
                objective=made, goal=conflicts, actor=self.actor(party), kind=LinkKind.CONFLICTS
            )
        return made

    # --- Trust ----------------------------------------------------------------------------

    def commitment(self, party: Party, title: str, due: int):
        return trust.commitment_create(
            **self.by(party), title=title, due_date=day(due), receiver_party_id=self.other(party)
        )

    def kept(self, party: Party, title: str, due: int):
        made = self.commitment(party, title, due)
        return trust.commitment_deliver(
            commitment=made,
            party=party,
            actor=self.actor(party),
            expected_version=None,
            delivered_on=day(due - 1),
        )

    def broken(self, party: Party, title: str, due: int):
        return trust.commitment_break(
            commitment=self.commitment(party, title, due),
            party=party,
            actor=self.actor(party),
            expected_version=None,
            reason="Could not.",
        )

    def item_read(self, party: Party, title: str):
        item = trust.item_create(**self.by(party), title=title, url="https://example.com/x")
        other = self.other(party)
        trust.item_mark_read(item=item, party=other, actor=self.actor(other))

    # --- Roles -----------------------------------------------------------------------------

    def activity(self, workstream, title: str, *letters: str):
        made = roles.activity_create(**self.by(self.a), workstream=workstream, title=title)
        for letter, party in zip(letters, (self.a, self.b), strict=False):
            roles.assignment_create(
                **self.by(self.a), activity=made, column_party=party, letter=letter
            )
        return made

    def rule(self, title: str):
        rule = roles.rule_create(**self.by(self.a), title=title)
        for party in (self.a, self.b):
            roles.rule_endorse(rule=rule, party=party, actor=self.lead(party))
        return rule

    def decision(self, rule, title: str, deadline: int):
        return roles.decision_create(
            **self.by(self.b), rule=rule, title=title, deadline=day(deadline)
        )

    # --- Communication ---------------------------------------------------------------------

    def cadence(self, party: Party, title: str, weeks: int, held: bool):
        """A weekly meeting cadence started `weeks` weeks ago, its meetings held or not."""
        cadence = communication.cadence_create(
            **self.by(party), title=title, rule="FREQ=WEEKLY", starts_at=moment(-7 * weeks)
        )
        meetings = [
            communication.meeting_create(
                **self.by(party), title=f"{title} {w}", starts_at=moment(-7 * w), cadence=cadence
            )
            for w in range(weeks, 0, -1)
            if held
        ]
        return cadence, meetings

    def update(self, party: Party, title: str, acknowledged: bool):
        made = communication.update_create(
            **self.by(party), title=title, progress="Going.", now=moment(-3)
        )
        if acknowledged:
            other = self.other(party)
            communication.update_acknowledge(
                update=made, party=other, actor=self.actor(other), now=moment(-2)
            )
        return made

    # --- Contingency -----------------------------------------------------------------------

    def risk(self, party: Party, title: str, score: tuple[int, int], mitigation: str = "Watch"):
        return contingency.risk_create(
            **self.by(party),
            title=title,
            likelihood=score[0],
            impact=score[1],
            mitigation=mitigation,
            next_review=day(30),
        )

    def plan(self, risk, title: str, fired: int | None = None, answered: bool = True):
        """A plan for `risk`; `fired` days ago activated, and answered the next day or not."""
        made = contingency.plan_create(**self.by(risk.owner_party), risk=risk, title=title)
        if fired is None:
            return made
        step = contingency.plan_action_add(
            plan=made, actor=self.actor(risk.owner_party), text="Call", party=risk.owner_party
        )
        contingency.plan_activate(
            plan=made, actor=self.actor(risk.owner_party), reason="Now.", now=moment(-fired)
        )
        if answered:
            contingency.plan_action_done(
                action=step,
                party=risk.owner_party,
                actor=self.actor(risk.owner_party),
                done=True,
                now=moment(-fired + 1),
            )
        return made

    # --- Long-term -------------------------------------------------------------------------

    def kpi(self, party: Party, name: str, value: int, goal=None, horizon: str = "long_term"):
        """A KPI from 0 fifty days ago to 1000 in fifty days (500 planned today), measured
        today at `value`."""
        made = longterm.kpi_create(
            **self.by(party),
            name=name,
            baseline=Decimal(0),
            baseline_date=day(-50),
            target=Decimal(1000),
            target_date=day(50),
            horizon=horizon,
            goal_id=goal.pk if goal else None,
        )
        longterm.measurement_add(
            kpi=made, actor=self.actor(party), measured_on=TODAY, value=Decimal(value)
        )
        return made

    def value(self, party: Party, flow: str, amount: int | None = None, category: str = "money"):
        return longterm.value_entry_create(
            **self.by(party),
            flow=flow,
            category=category,
            description=f"{flow} {amount or ''}",
            occurred_on=day(-20),
            amount=None if amount is None else Decimal(amount),
            currency="EUR" if amount is not None else "",
        )

    # --- The healthy partnership -----------------------------------------------------------

    def healthy(self) -> None:
        """Every practice in good shape, with enough records for confidence."""
        a, b = self.a, self.b
        # Both parties have been in the partnership for months (updates count since joining).
        Party.objects.filter(pk__in=[a.pk, b.pk]).update(joined_at=moment(-365))
        # Alignment: two agreed goals, each measured by a KPI; every objective supports one.
        self.goals = [self.goal("Homes powered", a, b), self.goal("Lower costs", a, b)]
        for i, party in enumerate((a, b, a, b, a, b)):
            self.objective(party, f"Objective {i}", supports=self.goals[i % 2])
        # Long-term: KPIs on track (two measure the goals), milestones on time, a far one,
        # value going both ways.
        for i, party in enumerate((a, b, a, b)):
            self.kpi(party, f"KPI {i}", 520, goal=self.goals[i] if i < 2 else None)
        for i, party in enumerate((a, b, a)):
            longterm.milestone_create(
                **self.by(party),
                title=f"Milestone {i}",
                due_date=day(-10 - i),
                status="done",
                completed_on=day(-12 - i),
            )
        longterm.milestone_create(**self.by(b), title="Second site", due_date=day(500))
        for party in (a, b):
            self.value(party, "contribution", 1000)
            self.value(party, "benefit", 1500, category="revenue")
        # Trust: both sides keep their promises, share and read.
        for i in range(4):
            self.kept(a, f"Alpha promise {i}", -5 - 10 * i)
            self.kept(b, f"Beta promise {i}", -6 - 10 * i)
        for party in (a, b, a, b):
            self.item_read(party, f"Report of {party.organization.name}")
        # Roles: complete RACI, rules endorsed by both, decisions in time, expectations heard.
        workstream = roles.workstream_create(**self.by(a), title="Rollout")
        for title in ("Permits", "Installers", "Pricing", "Marketing"):
            self.activity(workstream, title, "A", "R")
        self.rules = [self.rule("Budget"), self.rule("Scope")]
        self.decision(self.rules[0], "Second region", 14)
        self.decision(self.rules[1], "Brand", 30)
        for party in (a, b):
            other = self.other(party)
            made = roles.expectation_create(**self.by(party), toward=other, kind="need", text="X")
            roles.expectation_acknowledge(expectation=made, party=other, actor=self.lead(other))
        # Communication: a weekly meeting held every week, updates heard, minutes approved,
        # action items closed on time.
        _, meetings = self.cadence(a, "Weekly sync", 6, held=True)
        for party in (a, b, a, b):
            self.update(party, f"Update of {party.organization.name}", acknowledged=True)
        minutes = communication.minutes_create(**self.by(a), meeting=meetings[0], text="Agreed.")
        for party in (a, b):
            communication.minutes_approve(minutes=minutes, party=party, actor=self.lead(party))
        for party in (a, b):
            item = communication.action_item_create(
                meeting=meetings[0], **self.by(party), title="Send figures", due_date=day(-20)
            )
            trust.commitment_deliver(
                commitment=item,
                party=party,
                actor=self.actor(party),
                expected_version=None,
                delivered_on=day(-21),
            )
        # Contingency: risks owned, mitigated and reviewed, the high one with a plan that was
        # answered when it fired, and an exit plan both endorse.
        high = self.risk(a, "Supplier default", (4, 4))
        self.risk(b, "Permit delay", (2, 3))
        self.risk(a, "Price drop", (3, 2))
        self.plan(high, "Second supplier", fired=20, answered=True)
        exit_plan = contingency.exit_plan_create(**self.by(a), notice_days=30)
        for party in (a, b):
            contingency.exit_plan_endorse(exit_plan=exit_plan, party=party, actor=self.lead(party))
