"""The communication pages and API lists run a fixed number of queries however much data."""

from datetime import date, timedelta
from typing import Any

from django.urls import reverse

from accord.communication import services
from accord.communication.models import CadenceKind
from accord.communication.tests.helpers import at
from accord.roles import services as decide
from tests.base import QueryCountTestCase


class CommunicationQueryCountTests(QueryCountTestCase):
    GROW = (2, 12)

    def setUp(self) -> None:
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more cadences (one of updates), meetings with attendees, minutes (half approved),
        action items, private meetings, and updates (half acknowledged)."""
        alpha: dict[str, Any] = {"party": self.party_a, "actor": self.alice}
        beta: dict[str, Any] = {"party": self.party_b, "actor": self.bob}
        for i in range(self.grown, self.grown + n):
            weekly = services.cadence_create(
                **alpha, title=f"Sync {i}", rule="FREQ=WEEKLY", starts_at=at(2026, 1, 6)
            )
            monthly = services.cadence_create(
                **beta,
                title=f"Report {i}",
                rule="FREQ=MONTHLY",
                starts_at=at(2026, 1, 6),
                kind=CadenceKind.UPDATE,
            )
            held = services.meeting_create(
                **alpha,
                title=f"Meeting {i}",
                starts_at=at(2026, 1, 6) + timedelta(days=7 * i),
                cadence=weekly,
                attendees=[self.alice, self.bob],
            )
            # Every action item goes to the first meeting, so that its page and list grow.
            self.meeting = getattr(self, "meeting", held)
            minutes = services.minutes_create(**beta, meeting=held, text=f"Minutes {i}")
            if i % 2:
                services.minutes_approve(minutes=minutes, party=self.party_a, actor=self.alice)
            services.action_item_create(
                meeting=self.meeting, **beta, title=f"Item {i}", due_date=date(2026, 2, 1)
            )
            services.meeting_create(
                **beta, title=f"Prep {i}", starts_at=at(2027, 1, 6), visibility="private"
            )
            update = services.update_create(
                **beta, title=f"Update {i}", progress="Ok", cadence=monthly
            )
            services.comment_create(**alpha, update=update, text=f"On {i}")
            decision = decide.decision_create(**beta, rule=self.rule(), title=f"Decision {i}")
            # Every decision comment goes to the first decision, so that its page grows.
            self.decision = getattr(self, "decision", decision)
            services.comment_create(**alpha, decision=self.decision, text=f"About {i}")
            if i % 2:
                services.update_acknowledge(
                    update=update, party=self.party_a, actor=self.alice, reply="Noted"
                )
        self.grown += n

    def rule(self):
        if not hasattr(self, "decision_rule"):
            self.decision_rule = decide.rule_create(party=self.party_a, actor=self.alice, title="R")
        return self.decision_rule

    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def test_tab(self):
        # session, user, roles, parties, teams; cadences, meetings by cadence, updates by
        # cadence; meetings, attendees; minutes, approvals, parties; updates,
        # acknowledgements; action items; comments; decisions waiting
        self.assertConstant(self.url("accord-communication"), self.alice, 18)

    def test_decision_comments_page(self):
        self.grow(1)
        # session, user, roles, parties, teams; the decision (rule, party); its comments
        self.assertConstant(self.url("accord-decision-comments", self.decision.pk), self.bob, 7)

    def test_meeting_page(self):
        # session, user, roles, parties, teams; the meeting, its attendees; minutes, approvals,
        # parties; action items
        self.grow(1)
        first = self.meeting
        self.assertConstant(self.url("accord-meeting", first.pk), self.bob, 11)

    def test_summary_api(self):
        # token (4), roles, parties, teams; the thirteen reads of the tab
        self.assertApiConstant("communication", self.bob, 20)

    def test_action_items_api(self):
        self.grow(1)
        first = self.meeting
        # token (4), roles, parties, teams; the meeting; its action items
        self.assertApiConstant(f"meetings/{first.pk}/action-items", self.bob, 9)

    def test_lists_api(self):
        # token (4), roles, parties, teams; the page; and what each kind prefetches
        lists = {"cadences": 8, "meetings": 9, "minutes": 10, "updates": 9, "comments": 8}
        for path, expected in lists.items():
            with self.subTest(path):  # the data keeps growing from one list to the next
                self.assertApiConstant(path, self.bob, expected)
