"""The roles pages and API lists run a fixed number of queries however much data there is."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accord.roles import services
from accord.roles.models import RuleKind
from accord.roles.tests.helpers import activity, assign, workstream
from tests.base import QueryCountTestCase


class RolesQueryCountTests(QueryCountTestCase):
    GROW = (2, 12)

    def setUp(self) -> None:
        self.grown = 0

    def grow(self, n: int) -> None:
        """n more workstreams with two activities (assigned, one with a problem), rules (half
        endorsed), decisions (voted, some overdue, some private) and expectations."""
        today = timezone.localdate()
        alpha: dict[str, Any] = {"party": self.party_a, "actor": self.alice}
        beta: dict[str, Any] = {"party": self.party_b, "actor": self.bob}
        for i in range(self.grown, self.grown + n):
            ws = workstream(self, f"Stream {i}")
            first, second = activity(self, ws, f"A{i}"), activity(self, ws, f"B{i}")
            assign(self, first, self.party_a, "A")
            assign(self, first, self.party_b, "R", person=self.bob)
            assign(self, second, self.party_b, "C")
            kind = RuleKind.LEAD_PARTY if i % 2 else RuleKind.EVERY_PARTY
            rule = services.rule_create(
                **beta, title=f"Rule {i}", kind=kind, lead_party=self.party_b if i % 2 else None
            )
            if i % 2:
                services.rule_endorse(rule=rule, party=self.party_a, actor=self.alice)
            decision = services.decision_create(
                **beta,
                rule=rule,
                title=f"Decision {i}",
                deadline=today + timedelta(days=(-3 if i % 3 else 5)),
                visibility="private" if i % 2 else "shared",
            )
            services.decision_vote(
                decision=decision, party=self.party_a, actor=self.alice, verdict="approve"
            )
            services.expectation_create(**alpha, toward=self.party_b, kind="need", text=f"E{i}")
        self.grown += n

    def url(self, name: str) -> str:
        return reverse(name, args=[self.partnership.pk])

    def test_matrix_page(self):
        # session, user, roles, parties, teams (also the matrix's columns); the heads of the
        # chains seen (the fragment's key); workstreams, activities, assignments; rules,
        # endorsements; decisions, votes, superseding ones; expectations
        self.assertConstant(self.url("accord-roles"), self.alice, 15)

    def test_matrix_page_from_the_fragment_cache(self):
        # unchanged since the last request: session, user, roles, parties, teams, heads
        self.grow(3)
        self.count(self.url("accord-roles"), self.alice)
        self.assertEqual(self.count(self.url("accord-roles"), self.alice), 6)

    def test_rules_page(self):
        self.assertConstant(self.url("accord-rules"), self.bob, 14)

    def test_decisions_page(self):
        self.assertConstant(self.url("accord-decisions"), self.bob, 14)

    def test_expectations_page(self):
        self.assertConstant(self.url("accord-expectations"), self.alice, 14)

    def test_csv(self):
        # session, user, roles, parties, teams; workstreams, activities, assignments
        self.assertConstant(self.url("accord-raci-csv"), self.alice, 8)

    def test_roles_api(self):
        # token (4), roles, parties, teams; the nine reads of the page less the session's two
        self.assertApiConstant("roles", self.bob, 16)

    def test_assignment_list_api(self):
        # token (4), roles, parties, teams; the page (with parties and people joined)
        self.assertApiConstant("assignments", self.bob, 8)

    def test_rule_list_api(self):
        # token (4), roles, parties, teams; the page, the partnership's parties, endorsements
        self.assertApiConstant("rules", self.bob, 10)

    def test_decision_list_api(self):
        # token (4), roles, parties, teams; the page, its votes
        self.assertApiConstant("decisions", self.bob, 9)

    def test_other_list_apis(self):
        for path in ("workstreams", "activities", "expectations"):
            with self.subTest(path=path):
                self.setUp()
                self.assertApiConstant(path, self.alice, 8)
