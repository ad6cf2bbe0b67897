"""The commitment state machine, by service, API and page: who may do what, in which state,
from which version; nothing illegal is applied and nothing answers 500."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.errors import StaleEdit
from accord.core.models import TeamRole
from accord.core.services import membership_set, team_member_set
from accord.trust import services
from accord.trust.models import Commitment, CommitmentStatus
from accord.trust.tests.base import TrustTestCase, days


class CommitmentServiceTests(TrustTestCase):
    def test_a_delivery_on_or_before_the_due_date_is_on_time(self):
        on_day = self.deliver(self.commit("On the day", -1), -1)
        late = self.deliver(self.commit("A day late", -2), -1)
        self.assertTrue(on_day.kept_on_time)
        self.assertFalse(on_day.kept_late)
        self.assertTrue(late.kept_late)

    def test_renegotiation_keeps_the_original_due_date_and_sets_the_one_in_force(self):
        c = self.commit("Roster", 1)
        first_due = c.due_date
        c = services.commitment_renegotiate(
            commitment=c,
            party=self.party_b,
            actor=self.bob,
            expected_version=c.version,
            due_date=days(5),
            reason="The survey is late.",
        )
        c = services.commitment_renegotiate(
            commitment=c,
            party=self.party_b,
            actor=self.bob,
            expected_version=c.version,
            due_date=days(9),
            reason="Again.",
        )
        self.assertEqual(
            (c.original_due_date, c.due_date, c.renegotiations), (first_due, days(9), 2)
        )
        delivered = self.deliver(c, 0)
        self.assertTrue(delivered.kept_on_time)  # against the due date in force
        actions = AuditEvent.objects.filter(record_type="trust.Commitment", record_id=str(c.pk))
        self.assertEqual(
            list(actions.order_by("seq").values_list("action", flat=True)),
            ["create", "renegotiate", "renegotiate", "deliver"],
        )

    def test_renegotiation_after_the_due_date_or_to_an_earlier_date_is_refused(self):
        past = self.commit("Past", -1)
        with self.assertRaisesMessage(ValidationError, "renegotiate before it does"):
            services.commitment_renegotiate(
                commitment=past,
                party=self.party_b,
                actor=self.bob,
                expected_version=None,
                due_date=days(3),
                reason="Late.",
            )
        future = self.commit("Future", 3)
        with self.assertRaises(ValidationError) as refused:
            services.commitment_renegotiate(
                commitment=future,
                party=self.party_b,
                actor=self.bob,
                expected_version=None,
                due_date=days(2),
                reason="Earlier.",
            )
        self.assertIn("due_date", refused.exception.message_dict)
        self.assertEqual(Commitment.objects.get(pk=future.pk).due_date, days(3))

    def test_the_promiser_never_confirms_its_own_delivery(self):
        c = self.deliver(self.commit("Mine", 3), 0)
        with self.assertRaises(PermissionDenied):
            services.commitment_confirm(
                commitment=c, party=self.party_b, actor=self.bob, expected_version=None
            )

    def test_only_a_delivered_commitment_is_confirmed_or_disputed(self):
        c = self.commit("Open", 3)
        for act in (services.commitment_confirm, services.commitment_dispute):
            kwargs = {"reason": "No."} if act is services.commitment_dispute else {}
            with self.subTest(act=act.__name__), self.assertRaisesMessage(ValidationError, "open"):
                act(
                    commitment=c,
                    party=self.party_a,
                    actor=self.alice,
                    expected_version=None,
                    **kwargs,
                )
        self.assertEqual(Commitment.objects.get(pk=c.pk).status, CommitmentStatus.OPEN)

    def test_a_delivery_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError):
            self.deliver(self.commit("Soon", 3), 1)

    def test_a_stale_version_changes_nothing(self):
        c = self.commit("Stale", 3)
        with self.assertRaises(StaleEdit):
            services.commitment_deliver(
                commitment=c, party=self.party_b, actor=self.bob, expected_version=c.version - 1
            )
        self.assertEqual(Commitment.objects.get(pk=c.pk).status, CommitmentStatus.OPEN)

    def test_either_side_breaks_with_a_reason_and_a_broken_one_is_settled(self):
        c = self.commit("Either", 3)
        with self.assertRaises(ValidationError):
            services.commitment_break(
                commitment=c,
                party=self.party_a,
                actor=self.alice,
                expected_version=None,
                reason=" ",
            )
        c = services.commitment_break(
            commitment=c, party=self.party_a, actor=self.alice, expected_version=None, reason="No."
        )
        self.assertEqual(
            (c.status, c.settled_by_party_id), (CommitmentStatus.BROKEN, self.party_a.pk)
        )
        with self.assertRaises(ValidationError):
            self.deliver(c, 0)
        with self.assertRaises(ValidationError):
            services.commitment_delete(record=c, actor=self.bob)

    def test_a_commitment_to_the_partnership_is_confirmed_by_any_other_party(self):
        c = services.commitment_create(**self.acting_as(self.bob), title="To all", due_date=days(3))
        self.assertEqual(services.receiving_parties(c), {self.party_a.pk})
        c = self.deliver(c, 0)
        c = services.commitment_confirm(
            commitment=c, party=self.party_a, actor=self.alice, expected_version=c.version
        )
        self.assertEqual(c.status, CommitmentStatus.CONFIRMED)

    def test_the_due_date_moves_only_by_renegotiation(self):
        c = self.commit("Fixed", 3)
        with self.assertRaises(ValidationError) as refused:
            services.commitment_update(
                record=c, actor=self.bob, expected_version=c.version, changes={"due_date": days(9)}
            )
        self.assertIn("Renegotiate", str(refused.exception))

    def test_the_promiser_person_is_on_the_promising_team(self):
        with self.assertRaises(ValidationError) as refused:
            self.commit("Alice for Beta", 3, promiser_person_id=self.alice.pk)
        self.assertIn("promiser_person", refused.exception.message_dict)
        c = self.commit("Bob for Beta", 3, promiser_person_id=self.bob.pk)
        self.assertEqual(c.promiser_person, self.bob)

    def test_a_party_does_not_promise_to_itself(self):
        with self.assertRaises(ValidationError) as refused:
            self.commit("Self", 3, receiver=self.party_b)
        self.assertIn("receiver_party", refused.exception.message_dict)


@override_settings(ACCORD_COMMITMENT_GRACE_DAYS=7)
class OverdueSweepTests(TrustTestCase):
    def test_open_commitments_overdue_past_the_grace_are_broken_once(self):
        gone = self.commit("Eight days over", -8)
        within = self.commit("Seven days over", -7)
        delivered = self.deliver(self.commit("Delivered late", -30), -1)
        self.assertEqual(services.commitments_break_overdue(), [gone.pk])
        gone.refresh_from_db()
        self.assertEqual(gone.status, CommitmentStatus.BROKEN)
        self.assertTrue(gone.broken_automatically)
        self.assertIsNone(gone.settled_by_party)
        self.assertEqual(Commitment.objects.get(pk=within.pk).status, CommitmentStatus.OPEN)
        self.assertEqual(Commitment.objects.get(pk=delivered.pk).status, CommitmentStatus.DELIVERED)
        self.assertEqual(services.commitments_break_overdue(), [])  # idempotent
        event = AuditEvent.objects.filter(record_id=str(gone.pk), action="break").get()
        self.assertEqual(event.actor_label, "system")

    def test_a_private_commitment_is_broken_on_its_owners_private_chain(self):
        secret = self.commit("Secret", -9, visibility="private")
        services.commitments_break_overdue()
        event = AuditEvent.objects.get(record_id=str(secret.pk), action="break")
        self.assertEqual(event.private_to_id, self.beta.pk)


class CommitmentApiTests(TrustTestCase):
    def path(self, c: Commitment, action: str) -> str:
        return f"/partnerships/{self.partnership.pk}/commitments/{c.pk}/{action}"

    def test_confirming_your_own_commitment_is_a_403_in_json(self):
        c = self.deliver(self.commit("Mine", 3), 0)
        response = self.api("post", self.path(c, "confirmation"), self.bob, {"version": c.version})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "forbidden")
        self.assertIn("made to", response.json()["detail"])

    def test_an_illegal_transition_is_a_400_naming_the_state(self):
        c = self.commit("Open", 3)
        response = self.api(
            "post", self.path(c, "confirmation"), self.alice, {"version": c.version}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("this one is open", response.json()["errors"][0]["message"])

    def test_a_stale_version_is_a_409_with_the_commitment_as_it_is(self):
        c = self.commit("Stale", 3)
        response = self.api("post", self.path(c, "delivery"), self.bob, {"version": c.version + 5})
        self.assertEqual(response.status_code, 409)
        body = response.json()
        self.assertEqual((body["code"], body["current"]["status"]), ("stale_version", "open"))

    def test_the_whole_story_through_the_api(self):
        created = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/commitments",
            self.bob,
            {
                "title": "Roster",
                "due_date": days(2).isoformat(),
                "receiver_party_id": self.party_a.pk,
            },
        )
        self.assertEqual(created.status_code, 201, created.content)
        body = created.json()
        c = Commitment.objects.get(pk=body["id"])
        moved = self.api(
            "post",
            self.path(c, "renegotiation"),
            self.bob,
            {"version": body["version"], "due_date": days(4).isoformat(), "reason": "Survey late."},
        ).json()
        self.assertEqual(
            (moved["original_due_date"], moved["due_date"]),
            (days(2).isoformat(), days(4).isoformat()),
        )
        delivered = self.api(
            "post", self.path(c, "delivery"), self.bob, {"version": moved["version"]}
        ).json()
        self.assertEqual((delivered["status"], delivered["kept_on_time"]), ("delivered", True))
        disputed = self.api(
            "post",
            self.path(c, "dispute"),
            self.alice,
            {"version": delivered["version"], "reason": "Two regions missing."},
        ).json()
        self.assertEqual(
            (disputed["status"], disputed["reason"]), ("disputed", "Two regions missing.")
        )
        broken = self.api(
            "post",
            self.path(c, "breach"),
            self.bob,
            {"version": disputed["version"], "reason": "We cannot get the data."},
        ).json()
        self.assertEqual(broken["status"], "broken")
        self.assertEqual(broken["receiver_party"]["id"], self.party_a.pk)

    def test_a_person_shows_without_an_email(self):
        c = self.commit("Bob's word", 3, promiser_person_id=self.bob.pk)
        body = self.api(
            "get", f"/partnerships/{self.partnership.pk}/commitments/{c.pk}", self.alice
        ).json()
        self.assertEqual(body["promiser_person"], {"id": self.bob.pk, "name": self.bob.full_name})

    def test_a_missing_reason_or_bad_date_is_422_and_changes_nothing(self):
        c = self.deliver(self.commit("Reasonless", 3), 0)
        response = self.api("post", self.path(c, "dispute"), self.alice, {"version": c.version})
        self.assertEqual(response.status_code, 422)
        response = self.api(
            "post",
            self.path(c, "renegotiation"),
            self.bob,
            {"version": c.version, "due_date": "3000-01-01", "reason": "Far."},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(Commitment.objects.get(pk=c.pk).version, c.version)


class CommitmentPageTests(TrustTestCase):
    def test_deliver_then_confirm_by_pages(self):
        c = self.commit("Page story", 3)
        self.client.force_login(self.bob)
        url = reverse("accord-commitment-deliver", args=[self.partnership.pk, c.pk])
        response = self.client.post(url, {"version": c.version, "note": "Sent by mail."})
        self.assertEqual(response.status_code, 302)
        c.refresh_from_db()
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-trust", args=[self.partnership.pk]))
        self.assertContains(
            page, reverse("accord-commitment-confirm", args=[self.partnership.pk, c.pk])
        )
        confirm = reverse("accord-commitment-confirm", args=[self.partnership.pk, c.pk])
        self.assertEqual(self.client.post(confirm, {"version": c.version}).status_code, 302)
        self.assertEqual(Commitment.objects.get(pk=c.pk).status, CommitmentStatus.CONFIRMED)

    def test_a_stale_action_page_answers_409_and_an_illegal_one_400(self):
        c = self.commit("Page stale", 3)
        self.client.force_login(self.bob)
        url = reverse("accord-commitment-deliver", args=[self.partnership.pk, c.pk])
        self.assertContains(
            self.client.post(url, {"version": c.version - 1}), "acted first", status_code=409
        )
        self.deliver(c, 0)
        c.refresh_from_db()
        response = self.client.post(url, {"version": c.version})
        self.assertContains(response, "this one is delivered", status_code=400)

    def test_renegotiated_commitments_show_their_original_due_date(self):
        c = self.commit("Moved", 1)
        services.commitment_renegotiate(
            commitment=c,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            due_date=days(8),
            reason="Waiting for the permit.",
        )
        response = self.page_as(self.alice, "accord-trust")
        self.assertContainsAll(response, "originally", "Waiting for the permit.")

    def test_the_due_date_cannot_be_past_when_past_due_and_actions_follow_the_state(self):
        self.commit("Overdue", -2)
        response = self.page_as(self.bob, "accord-trust")
        self.assertContains(response, "Overdue")
        self.assertNotContains(response, ">Renegotiate<")


class ActingForSeveralPartiesTests(TrustTestCase):
    def test_a_person_of_both_parties_names_the_one_that_gives_its_word(self):
        membership_set(organization=self.alpha, user=self.bea, role="member", actor=None)
        team_member_set(
            party=self.party_a, user=self.bea, role=TeamRole.CONTRIBUTOR, actor=self.alice
        )
        c = self.deliver(self.commit("Beta to Alpha", 3), 0)
        path = f"/partnerships/{self.partnership.pk}/commitments/{c.pk}/confirmation"
        # Only Alpha receives it: bea acts for Alpha without naming it.
        self.assertEqual(self.api("post", path, self.bea, {"version": c.version}).status_code, 200)
        c = self.deliver(self.commit("Both sides may break", 3), 0)
        path = f"/partnerships/{self.partnership.pk}/commitments/{c.pk}/breach"
        ambiguous = self.api("post", path, self.bea, {"version": c.version, "reason": "x"})
        self.assertEqual(ambiguous.status_code, 400)
        self.assertEqual(ambiguous.json()["errors"][0]["field"], "organization")
        named = self.api(
            "post", path, self.bea, {"version": c.version, "reason": "x", "organization": "alpha"}
        )
        self.assertEqual(named.status_code, 400)  # delivered: the receiver disputes instead
        self.assertIn("this one is delivered", named.json()["errors"][0]["message"])
