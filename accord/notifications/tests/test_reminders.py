"""Reminders: what is due or waiting, once a day from each practice's `reminders`, heard once
per reminder and person however often the job runs."""

from datetime import timedelta

from django.utils import timezone

from accord.core.models import Partnership, Stage
from accord.core.records import record_change
from accord.lib.formatting import day
from accord.notifications.models import Notification
from accord.notifications.services import reminders_dispatch
from accord.notifications.tests.base import NotificationTestCase
from accord.roles import services as roles
from accord.trust.tests.base import days


def reminded(kind: str) -> dict[str, list[str]]:
    rows = Notification.objects.filter(kind=kind).select_related("user").order_by("user__email")
    heard: dict[str, list[str]] = {}
    for row in rows:
        heard.setdefault(row.user.email, []).append(row.title)
    return heard


class CommitmentReminderTests(NotificationTestCase):
    def test_due_soon_and_overdue_reach_the_promising_party_once(self):
        soon = self.commit("Pilot plan", 2, promiser_person_id=self.bob)
        self.commit("Later plan", 10)
        late = self.commit("Old plan", -2)
        self.assertEqual(reminders_dispatch(), 4)  # two commitments, each to bea and bob
        self.assertEqual(reminders_dispatch(), 0)
        today = timezone.localdate()
        self.assertEqual(
            reminded("trust.commitment_due_soon"),
            {
                email: [f"“Pilot plan” is due on {day(soon.due_date)}"]
                for email in ("bea@beta.test", "bob@beta.test")
            },
        )
        self.assertEqual(
            set(reminded("trust.commitment_overdue")), {"bea@beta.test", "bob@beta.test"}
        )
        self.assertLess(late.due_date, today)
        # The day it falls due, the reminder that it is due soon is not said again; the day
        # after, it is overdue.
        self.assertEqual(reminders_dispatch(today=soon.due_date), 0)
        self.assertEqual(reminders_dispatch(today=soon.due_date + timedelta(days=1)), 2)

    def test_a_new_due_date_reminds_anew(self):
        soon = self.commit("Pilot plan", 1)
        reminders_dispatch()
        record_change(
            record=soon,
            actor=self.bob,
            changes={
                "due_date": days(2),
                "original_due_date": soon.due_date,
                "renegotiation_reason": "Rain.",
            },
        )
        self.assertEqual(reminders_dispatch(), 2)

    def test_a_private_commitment_reminds_its_organization_only(self):
        self.commit("Secret plan", 1, user=self.alice, visibility="private")
        reminders_dispatch()
        self.assertEqual(
            set(reminded("trust.commitment_due_soon")), {"alice@alpha.test", "vic@alpha.test"}
        )

    def test_a_delivered_commitment_is_not_reminded(self):
        self.deliver(self.commit("Done", 1), 0)
        self.assertEqual(reminders_dispatch(), 0)


class DecisionReminderTests(NotificationTestCase):
    def test_a_decision_past_its_deadline_reminds_who_has_not_given_its_word(self):
        rule = roles.rule_create(party=self.party_a, actor=self.alice, title="Scope")
        decision = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Add Gamma", deadline=days(3)
        )
        roles.decision_vote(
            decision=decision, party=self.party_b, actor=self.bea, verdict="approve"
        )
        self.assertEqual(reminders_dispatch(), 0)  # not late yet
        after = timezone.localdate() + timedelta(days=4)
        self.assertEqual(reminders_dispatch(today=after), 2)
        self.assertEqual(
            set(reminded("roles.decision_overdue")), {"alice@alpha.test", "amy@alpha.test"}
        )
        self.assertEqual(reminders_dispatch(today=after + timedelta(days=1)), 0)


class EndedPartnershipTests(NotificationTestCase):
    def test_an_ended_partnership_reminds_no_one(self):
        self.commit("Old plan", -2)
        Partnership.objects.filter(pk=self.partnership.pk).update(stage=Stage.ENDED)
        self.assertEqual(reminders_dispatch(), 0)
