"""Notices as a function of audit events (a plan activated reaches its owners, the exit plan
asks every party's leads to endorse it), and the calendar entries (review dates, date triggers)
seen from each viewpoint, in a constant number of queries."""

from datetime import date

from accord.audit.models import AuditEvent
from accord.contingency import services
from accord.contingency.calendar import entries
from accord.contingency.notices import notices
from accord.contingency.tests.helpers import plan, risk
from accord.core.viewpoint import Viewpoint
from tests.base import AccordTestCase


class NoticeTests(AccordTestCase):
    def last(self, action: str) -> AuditEvent:
        return AuditEvent.objects.filter(action=action).order_by("-at", "-id").first()  # type: ignore[return-value]

    def test_a_plan_activated_by_its_trigger_reaches_its_owners(self):
        made = plan(self, risk(self), trigger_kind="date", trigger_date=date(2026, 1, 1))
        services.plan_action_add(
            plan=made, actor=self.alice, text="Tell", party=self.party_b, person=self.bob
        )
        services.triggers_fire(today=date(2026, 1, 2))
        [notice] = notices(self.last("activate"))
        self.assertEqual(notice.kind, "contingency.plan_activated")
        self.assertEqual(
            notice.title, "Contingency plan “Backup supplier” activated by its trigger"
        )
        self.assertEqual(set(notice.party_ids), {self.party_a.pk, self.party_b.pk})
        self.assertEqual(notice.user_ids, (self.bob.pk,))
        self.assertTrue(notice.url.endswith(f"/contingency/#plan-{made.pk}"))

    def test_a_manual_activation_names_who_did_it_never_by_email(self):
        made = plan(self, risk(self))
        services.plan_activate(plan=made, actor=self.alice, reason="Now.")
        [notice] = notices(self.last("activate"))
        self.assertEqual(notice.party_ids, (self.party_a.pk,))
        self.assertIn(self.alice.public_name, notice.title)
        self.assertNotIn(self.alice.email, notice.title)  # the partner's people hear it too

    def test_the_exit_plan_asks_every_party_s_leads_to_endorse_it(self):
        exit_plan = services.exit_plan_create(party=self.party_a, actor=self.alice)
        [notice] = notices(self.last("create"))
        self.assertEqual(
            (notice.kind, notice.binding_only, notice.party_ids),
            ("contingency.exit_plan_to_endorse", True, ()),
        )
        services.exit_plan_endorse(exit_plan=exit_plan, party=self.party_a, actor=self.alice)
        self.assertEqual(list(notices(self.last("endorse"))), [])
        services.exit_plan_update(
            record=exit_plan, actor=self.bob, expected_version=1, changes={"notice_days": 10}
        )
        [again] = notices(self.last("endorsements_cleared"))
        self.assertEqual(again.kind, "contingency.exit_plan_to_endorse")

    def test_other_changes_say_nothing(self):
        risk(self)
        self.assertEqual(list(notices(self.last("create"))), [])


class CalendarTests(AccordTestCase):
    def test_review_dates_and_date_triggers_as_each_party_sees_them(self):
        shared = risk(self, "Shared", next_review=date(2026, 3, 1))
        risk(self, "Closed", next_review=date(2026, 3, 2), status="closed")
        risk(
            self,
            "Beta's own",
            party=self.party_b,
            next_review=date(2026, 3, 3),
            visibility="private",
        )
        risk(self, "Later", next_review=date(2026, 9, 1))
        fires = plan(self, shared, "Fires", trigger_kind="date", trigger_date=date(2026, 3, 10))
        fired = plan(self, shared, "Fired", trigger_kind="date", trigger_date=date(2026, 3, 11))
        services.plan_activate(plan=fired, actor=self.alice, reason="Early.")
        alpha, beta = Viewpoint.of_party(self.party_a), Viewpoint.of_party(self.party_b)
        with self.assertNumQueries(2):
            seen = list(entries([alpha], date(2026, 3, 1), date(2026, 3, 31)))
        self.assertEqual(
            [(e.uid, e.title, e.start) for e in seen],
            [
                (f"contingency-risk-review-{shared.pk}", "Review risk: Shared", date(2026, 3, 1)),
                (
                    f"contingency-plan-trigger-{fires.pk}",
                    "Contingency plan fires: Fires",
                    date(2026, 3, 10),
                ),
            ],
        )
        with self.assertNumQueries(2):
            both = list(entries([alpha, beta], date(2026, 3, 1), date(2026, 3, 31)))
        self.assertIn("Review risk: Beta's own", [e.title for e in both])
        self.assertEqual(list(entries([], date(2026, 1, 1), date(2026, 12, 31))), [])
