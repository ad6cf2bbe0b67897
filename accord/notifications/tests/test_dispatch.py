"""The dispatch turns audit events into notifications: for the right people, never for those
who may not see the event, once per event and person however often it runs."""

from datetime import timedelta
from unittest import mock

from django.db import IntegrityError, transaction
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.core.notices import Notice
from accord.core.records import record_change
from accord.core.services import partnership_create
from accord.notifications import recipients, services
from accord.notifications.models import DispatchFloor, EventDispatch, Notification
from accord.notifications.services import SETTLE, notices_dispatch
from accord.notifications.tests.base import NotificationTestCase
from accord.trust import services as trust


class RecipientTests(NotificationTestCase):
    def test_a_delivery_is_heard_by_the_receiving_team_only(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        heard = self.told("trust.commitment_delivered")
        # Alpha's team (alice the lead, vic the viewer on it); not ann (off the team), not amy
        # (an admin off the team), not bob (who did it), not Beta, not Gamma.
        self.assertEqual(
            heard,
            {
                "alice@alpha.test": ["Beta Solar delivered “Pilot plan”: confirm or dispute it"],
                "vic@alpha.test": ["Beta Solar delivered “Pilot plan”: confirm or dispute it"],
            },
        )

    def test_the_actor_is_not_told_of_their_own_act(self):
        commitment = self.commit("Pilot plan", 5, user=self.alice)  # Alpha's, to Beta
        self.deliver(commitment, 0, user=self.alice)
        self.assertEqual(
            self.hearers("trust.commitment_delivered"), {"bea@beta.test", "bob@beta.test"}
        )
        commitment.refresh_from_db()
        trust.commitment_dispute(
            commitment=commitment,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            reason="Half done.",
        )
        self.assertEqual(
            self.hearers("trust.commitment_disputed"), {"alice@alpha.test", "vic@alpha.test"}
        )

    def test_a_private_record_is_never_announced_outside_its_organization(self):
        secret = self.commit("Secret plan", 5, visibility="private", promiser_person_id=self.bob)
        self.deliver(secret, 0)
        heard = self.told()
        self.assertNotIn("alice@alpha.test", heard)
        self.assertNotIn("vic@alpha.test", heard)
        for titles in heard.values():
            self.assertFalse(any("Secret" in title for title in titles))

    def test_a_named_person_who_may_not_see_the_event_is_dropped(self):
        notice = Notice(
            kind="test.named",
            partnership_id=self.partnership.pk,
            title="Look",
            url="/",
            party_ids=(self.party_b.pk,),
            user_ids=(self.olga.pk, self.ann.pk, self.alice.pk),
        )
        self.assertEqual(
            recipients.recipients(notice, private_to_id=None, actor_id=None),
            {self.bea.pk, self.bob.pk, self.alice.pk},
        )
        # Private to Beta: alice (Alpha) may not hear it even when named.
        self.assertEqual(
            recipients.recipients(notice, private_to_id=self.beta.pk, actor_id=self.bob.pk),
            {self.bea.pk},
        )

    def test_binding_notices_reach_leads_and_admins_only(self):
        notice = Notice(
            kind="test.bind",
            partnership_id=self.partnership.pk,
            title="Sign",
            url="/",
            binding_only=True,
        )
        self.assertEqual(
            recipients.recipients(notice, private_to_id=None, actor_id=None),
            {self.alice.pk, self.amy.pk, self.bea.pk},
        )

    def test_a_notice_naming_another_partnership_is_dropped(self):
        other = partnership_create(organization=self.gamma, actor=self.olga, name="Other")
        notice = Notice(kind="test.other", partnership_id=other.pk, title="Elsewhere", url="/")
        self.commit("Pilot plan", 5)
        providers = {"trust": lambda event: [notice]}
        with (
            mock.patch.object(services, "notice_providers", return_value=providers),
            self.assertLogs("accord.jobs", "ERROR"),
        ):
            self.assertEqual(notices_dispatch(), 0)
        self.assertFalse(Notification.objects.exists())


class IdempotencyTests(NotificationTestCase):
    def test_dispatching_twice_notifies_once(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        # the promise and the delivery, each to alice and vic
        self.assertEqual(notices_dispatch(), 4)
        self.assertEqual(notices_dispatch(), 0)
        self.assertEqual(Notification.objects.count(), 4)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.unread_notifications, 2)

    def test_one_notification_per_event_and_person_in_the_database(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        notices_dispatch()
        row = Notification.objects.first()
        assert row is not None
        row.pk = None
        with self.assertRaises(IntegrityError), transaction.atomic():
            row.save()

    def test_an_event_another_worker_dispatched_is_skipped(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        EventDispatch.objects.bulk_create(
            (EventDispatch(event=event) for event in AuditEvent.objects.all()),
            ignore_conflicts=True,
        )
        self.assertEqual(notices_dispatch(), 0)
        self.assertFalse(Notification.objects.exists())

    def test_a_worker_that_read_an_event_another_dispatched_meanwhile_adds_nothing(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        read_by_a = list(services._undispatched(0))  # worker A reads the batch ...
        self.assertEqual(notices_dispatch(), 4)  # ... worker B dispatches it first
        providers = services.notice_providers()
        for event in read_by_a:
            self.assertEqual(services._dispatch(event, providers, timezone.now()), 0)
        self.assertEqual(Notification.objects.count(), 4)

    def test_an_event_committed_late_below_the_others_is_still_dispatched(self):
        commitment = self.deliver(self.commit("Pilot plan", 5), 0)
        delivered = AuditEvent.objects.get(action="deliver", record_id=str(commitment.pk))
        notices_dispatch()
        # As if the delivery had committed only now, after later events were dispatched: its
        # id is below theirs, and the dispatch has not seen it.
        Notification.objects.all().delete()
        EventDispatch.objects.filter(event=delivered).delete()
        self.commit("Later", 9)
        # the delivery, and the later promise, each to alice and vic
        self.assertEqual(notices_dispatch(), 4)
        self.assertEqual(Notification.objects.filter(event=delivered).count(), 2)
        self.assertEqual(DispatchFloor.objects.get().event_id, 0)  # nothing is settled yet

    def test_the_floor_rises_over_settled_events_only(self):
        self.deliver(self.commit("Pilot plan", 5), 0)
        notices_dispatch()
        self.assertEqual(DispatchFloor.objects.get().event_id, 0)
        last = AuditEvent.objects.order_by("pk").last()
        assert last is not None
        notices_dispatch(now=timezone.now() + SETTLE + timedelta(minutes=1))
        self.assertEqual(DispatchFloor.objects.get().event_id, last.pk)

    def test_a_failing_provider_leaves_its_event_for_the_next_run(self):
        self.deliver(self.commit("Pilot plan", 5), 0)

        def broken(event):
            raise RuntimeError("provider bug")

        later = timezone.now() + SETTLE + timedelta(minutes=1)
        with (
            mock.patch.object(services, "notice_providers", return_value={"trust": broken}),
            self.assertLogs("accord.jobs", "ERROR"),
        ):
            notices_dispatch(now=later)
        first_trust = (
            AuditEvent.objects.filter(record_type="trust.Commitment").order_by("pk").first()
        )
        assert first_trust is not None
        self.assertEqual(DispatchFloor.objects.get().event_id, first_trust.pk - 1)
        # the promise and the delivery, each to alice and vic
        self.assertEqual(notices_dispatch(now=later), 4)
        self.assertEqual(
            DispatchFloor.objects.get().event_id,
            AuditEvent.objects.order_by("pk").last().pk,  # type: ignore[union-attr]
        )


class PrivateAfterTests(NotificationTestCase):
    def test_a_record_made_private_later_does_not_show_its_new_title_to_the_partner(self):
        commitment = self.deliver(self.commit("Pilot plan", 5), 0)
        self.told()
        record_change(
            record=commitment,
            actor=self.bob,
            changes={"title": "Exit plan with Gamma", "visibility": "private"},
        )
        heard = self.told()
        for email in ("alice@alpha.test", "vic@alpha.test"):
            self.assertEqual(
                heard[email],
                [
                    "Beta Solar promised you “Pilot plan”",
                    "Beta Solar delivered “Pilot plan”: confirm or dispute it",
                ],
            )
        self.client.force_login(self.alice)
        page = self.client.get("/notifications/")
        self.assertContains(page, "Pilot plan")
        self.assertNotContains(page, "Exit plan")
        listed = self.api("get", "/notifications", self.alice).json()["items"]
        self.assertNotIn("Exit plan", str(listed))


class LinkTests(NotificationTestCase):
    def test_a_link_off_the_site_becomes_the_partnership_page(self):
        self.commit("Pilot plan", 5)
        page = f"/partnerships/{self.partnership.pk}/"
        for url, kept in (
            ("/partnerships/1/trust/#commitment-2", "/partnerships/1/trust/#commitment-2"),
            ("https://evil.example/", page),
            ("//evil.example/", page),
            ("/\\evil.example/", page),
        ):
            with self.subTest(url=url):
                Notification.objects.all().delete()
                EventDispatch.objects.all().delete()
                DispatchFloor.objects.all().delete()
                notice = Notice(
                    kind="test.link", partnership_id=self.partnership.pk, title="Go", url=url
                )
                with mock.patch.object(
                    services,
                    "notice_providers",
                    return_value={"trust": lambda event, notice=notice: [notice]},
                ):
                    notices_dispatch()
                self.assertEqual(set(Notification.objects.values_list("url", flat=True)), {kept})
