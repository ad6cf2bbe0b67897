"""The edit and delete pages of cadences, meetings, updates and comments, and withdrawing an
approval of minutes: each changes its record through the services (audited), answers a stale
version with 409, shows what a service refuses by its field (400, nothing changed), and lets
only the owning party change its record."""

from typing import Any

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.communication import services
from accord.communication.models import Cadence, Comment, Meeting, Update
from accord.communication.tests.helpers import at, cadence, meeting
from tests.base import AccordTestCase


def cadence_form(record: Cadence, **changes: Any) -> dict[str, Any]:
    return {
        "title": record.title,
        "kind": record.kind,
        "rule": record.rule,
        "starts_at": "2026-01-06T10:00",
        "time_zone": record.time_zone,
        "visibility": record.visibility,
        "version": record.version,
        **changes,
    }


def meeting_form(record: Meeting, **changes: Any) -> dict[str, Any]:
    return {
        "title": record.title,
        "starts_at": "2026-01-06T10:00",
        "time_zone": record.time_zone,
        "duration_minutes": record.duration_minutes,
        "location": record.location,
        "agenda": record.agenda,
        "visibility": record.visibility,
        "version": record.version,
        **changes,
    }


def update_form(record: Update, **changes: Any) -> dict[str, Any]:
    return {
        "title": record.title,
        "progress": record.progress,
        "version": record.version,
        **changes,
    }


class RecordPagesTests(AccordTestCase):
    def url(self, name: str, *args: Any) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def post(self, user, name: str, record, data: dict | None = None, **extra: Any):
        self.client.force_login(user)
        return self.client.post(self.url(name, record.pk), data or {}, **extra)

    def events(self, record, action: str) -> int:
        return AuditEvent.objects.filter(
            record_type=record._meta.label, record_id=str(record.pk), action=action
        ).count()

    # --- Cadences ---------------------------------------------------------------------------

    def test_a_cadence_is_edited_in_its_zone_and_audited(self):
        sync = cadence(self, starts_at=at(2026, 1, 6, 9), time_zone="Europe/Berlin")
        tab = self.page_as(self.alice, "accord-communication")
        self.assertContains(tab, self.url("accord-cadence-edit", sync.pk))
        page = self.page_as(self.alice, "accord-cadence-edit", sync.pk)
        # 09:00 UTC is 10:00 in Berlin: the form shows the wall-clock time of the cadence.
        self.assertContainsAll(page, 'value="2026-01-06T10:00"', "Delete this cadence")
        response = self.post(
            self.alice,
            "accord-cadence-edit",
            sync,
            cadence_form(sync, rule="freq=weekly;interval=2", starts_at="2026-01-06T11:00"),
        )
        self.assertRedirects(
            response,
            self.url("accord-communication") + "#cadences-heading",
            fetch_redirect_response=False,
        )
        sync.refresh_from_db()
        self.assertEqual(
            (sync.rule, sync.starts_at), ("FREQ=WEEKLY;INTERVAL=2", at(2026, 1, 6, 10))
        )
        self.assertEqual(self.events(sync, "update"), 1)

    def test_a_stale_cadence_edit_answers_409_and_changes_nothing(self):
        sync = cadence(self, title="Sync")
        services.cadence_update(
            record=sync, actor=self.alice, expected_version=1, changes={"title": "Weekly"}
        )
        response = self.post(
            self.alice, "accord-cadence-edit", sync, cadence_form(sync, title="Mine", version=1)
        )
        self.assertContainsAll(response, "Weekly", "Mine", status_code=409)
        sync.refresh_from_db()
        self.assertEqual((sync.title, sync.version), ("Weekly", 2))

    def test_a_bad_rule_is_a_400_by_its_field_and_changes_nothing(self):
        sync = cadence(self)
        response = self.post(
            self.alice, "accord-cadence-edit", sync, cadence_form(sync, rule="every tuesday")
        )
        self.assertContains(response, "Not a recurrence rule", status_code=400)
        sync.refresh_from_db()
        self.assertEqual((sync.rule, sync.version), ("FREQ=WEEKLY", 1))
        self.assertEqual(self.events(sync, "update"), 0)

    def test_a_followed_cadence_is_not_deleted_and_a_free_one_is(self):
        followed = cadence(self, title="Followed")
        meeting(self, cadence=followed)
        response = self.post(self.alice, "accord-cadence-delete", followed, follow=True)
        self.assertContains(response, "Meetings or updates follow this cadence")
        self.assertTrue(Cadence.objects.filter(pk=followed.pk).exists())
        free = cadence(self, title="Free")
        response = self.post(self.alice, "accord-cadence-delete", free, follow=True)
        self.assertContains(response, "Deleted the cadence “Free”.")
        self.assertFalse(Cadence.objects.filter(pk=free.pk).exists())
        self.assertEqual(self.events(free, "delete"), 1)

    def test_only_the_owning_party_changes_a_cadence(self):
        sync = cadence(self)  # Alpha's
        self.assertNotContains(
            self.page_as(self.bob, "accord-communication"), self.url("accord-cadence-edit", sync.pk)
        )
        self.assertEqual(self.page_as(self.bob, "accord-cadence-edit", sync.pk).status_code, 403)
        self.assertEqual(self.post(self.bob, "accord-cadence-delete", sync).status_code, 403)
        self.assertEqual(self.page_as(self.vic, "accord-cadence-edit", sync.pk).status_code, 403)
        self.assertEqual(self.page_as(self.olga, "accord-cadence-edit", sync.pk).status_code, 404)
        private = cadence(self, party=self.party_b, actor=self.bob, visibility="private")
        self.assertEqual(
            self.page_as(self.alice, "accord-cadence-edit", private.pk).status_code, 404
        )
        self.assertTrue(Cadence.objects.filter(pk=sync.pk).exists())

    # --- Meetings ---------------------------------------------------------------------------

    def test_a_meeting_is_edited_with_its_attendees(self):
        made = meeting(self, title="Steering", attendees=[self.alice, self.bob])
        seat_alice = self.party_a.team.get(user=self.alice)
        seat_bob = self.party_b.team.get(user=self.bob)
        self.assertContains(
            self.page_as(self.alice, "accord-meeting", made.pk),
            self.url("accord-meeting-edit", made.pk),
        )
        page = self.page_as(self.alice, "accord-meeting-edit", made.pk)
        self.assertContainsAll(
            page, f'value="{seat_alice.pk}"', f'value="{seat_bob.pk}"', "checked"
        )
        response = self.post(
            self.alice,
            "accord-meeting-edit",
            made,
            meeting_form(made, agenda="Budget", attendees=[seat_alice.pk]),
        )
        self.assertRedirects(
            response, self.url("accord-meeting", made.pk), fetch_redirect_response=False
        )
        made.refresh_from_db()
        self.assertEqual(made.agenda, "Budget")
        self.assertEqual(list(made.attendees.values_list("user_id", flat=True)), [self.alice.pk])
        self.assertEqual(self.events(made, "update"), 1)

    def test_a_meeting_with_minutes_keeps_its_visibility_and_stays(self):
        made = meeting(self)
        services.minutes_create(party=self.party_a, actor=self.alice, meeting=made, text="Ok")
        response = self.post(
            self.alice, "accord-meeting-edit", made, meeting_form(made, visibility="private")
        )
        self.assertContains(response, "the meeting stays as shared", status_code=400)
        made.refresh_from_db()
        self.assertEqual((made.visibility, made.version), ("shared", 1))
        response = self.post(self.alice, "accord-meeting-delete", made, follow=True)
        self.assertContains(response, "it stays on record")
        self.assertTrue(Meeting.objects.filter(pk=made.pk).exists())

    def test_a_meeting_without_minutes_is_deleted_with_its_attendees(self):
        made = meeting(self, title="Dropped", attendees=[self.alice])
        page = self.page_as(self.alice, "accord-meeting-edit", made.pk)
        self.assertContains(page, "1 attendee")
        response = self.post(self.alice, "accord-meeting-delete", made)
        self.assertRedirects(
            response,
            self.url("accord-communication") + "#meetings-heading",
            fetch_redirect_response=False,
        )
        self.assertFalse(Meeting.objects.filter(pk=made.pk).exists())

    def test_the_other_party_cannot_edit_a_meeting(self):
        made = meeting(self)  # Alpha's
        self.assertNotContains(
            self.page_as(self.bob, "accord-meeting", made.pk),
            self.url("accord-meeting-edit", made.pk),
        )
        response = self.post(self.bob, "accord-meeting-edit", made, meeting_form(made, title="X"))
        self.assertEqual(response.status_code, 403)
        made.refresh_from_db()
        self.assertEqual(made.title, "Steering meeting")

    # --- Updates ----------------------------------------------------------------------------

    def test_an_update_is_edited_until_acknowledged(self):
        update = services.update_create(
            party=self.party_b, actor=self.bob, title="March", progress="Sites"
        )
        self.assertContains(
            self.page_as(self.bob, "accord-communication"),
            self.url("accord-update-edit", update.pk),
        )
        response = self.post(
            self.bob, "accord-update-edit", update, update_form(update, asks="A council contact")
        )
        self.assertEqual(response.status_code, 302)
        update.refresh_from_db()
        self.assertEqual((update.asks, update.version), ("A council contact", 2))
        services.update_acknowledge(update=update, party=self.party_a, actor=self.alice)
        self.assertNotContains(
            self.page_as(self.bob, "accord-communication"),
            self.url("accord-update-edit", update.pk),
        )
        response = self.post(self.bob, "accord-update-edit", update, update_form(update, asks="X"))
        self.assertContains(response, "This update was acknowledged", status_code=400)
        response = self.post(self.bob, "accord-update-delete", update, follow=True)
        self.assertContains(response, "This update was acknowledged")
        update.refresh_from_db()
        self.assertEqual((update.asks, update.version), ("A council contact", 2))

    def test_an_update_needs_a_title_and_the_other_party_cannot_edit_it(self):
        update = services.update_create(
            party=self.party_b, actor=self.bob, title="March", progress="Sites"
        )
        response = self.post(self.bob, "accord-update-edit", update, update_form(update, title=""))
        self.assertContains(response, "This field is required", status_code=400)
        self.assertEqual(self.post(self.alice, "accord-update-delete", update).status_code, 403)
        self.assertEqual(self.page_as(self.vic, "accord-update-edit", update.pk).status_code, 403)
        self.post(self.bob, "accord-update-delete", update)
        self.assertFalse(Update.objects.filter(pk=update.pk).exists())
        self.assertEqual(self.events(update, "delete"), 1)

    # --- Comments ---------------------------------------------------------------------------

    def test_a_comment_is_edited_and_deleted_by_its_party_only(self):
        update = services.update_create(
            party=self.party_b, actor=self.bob, title="March", progress="Sites"
        )
        comment = services.comment_create(
            party=self.party_a, actor=self.alice, update=update, text="Which?"
        )
        self.assertContains(
            self.page_as(self.alice, "accord-communication"),
            self.url("accord-comment-edit", comment.pk),
        )
        self.assertNotContains(
            self.page_as(self.bob, "accord-communication"),
            self.url("accord-comment-edit", comment.pk),
        )
        self.assertEqual(
            self.post(
                self.bob, "accord-comment-edit", comment, {"text": "Mine", "version": 1}
            ).status_code,
            403,
        )
        stale = self.post(self.alice, "accord-comment-edit", comment, {"text": "B", "version": 0})
        self.assertEqual(stale.status_code, 409)
        empty = self.post(self.alice, "accord-comment-edit", comment, {"text": "", "version": 1})
        self.assertEqual(empty.status_code, 400)
        self.post(
            self.alice, "accord-comment-edit", comment, {"text": "Which first?", "version": 1}
        )
        comment.refresh_from_db()
        self.assertEqual((comment.text, comment.version), ("Which first?", 2))
        self.post(self.alice, "accord-comment-delete", comment)
        self.assertFalse(Comment.objects.filter(pk=comment.pk).exists())
        self.assertEqual(self.events(comment, "delete"), 1)

    # --- Withdrawing an approval of minutes -------------------------------------------------

    def test_an_approval_is_withdrawn_with_a_reason_by_who_may_bind(self):
        made = meeting(self)
        minutes = services.minutes_create(
            party=self.party_a, actor=self.alice, meeting=made, text="Budget set."
        )
        services.minutes_approve(minutes=minutes, party=self.party_b, actor=self.bea)
        page = self.page_as(self.bea, "accord-meeting", made.pk)
        self.assertContainsAll(
            page,
            "Withdraw the approval of Beta Solar",
            self.url("accord-minutes-withdraw", minutes.pk),
        )
        self.assertNotContains(self.page_as(self.bob, "accord-meeting", made.pk), "Withdraw")
        self.assertContains(
            self.page_as(self.alice, "accord-meeting", made.pk), "an edit clears every approval"
        )
        self.assertEqual(
            self.post(self.bob, "accord-minutes-withdraw", minutes, {"reason": "No"}).status_code,
            403,
        )
        response = self.post(self.bea, "accord-minutes-withdraw", minutes, {}, follow=True)
        self.assertContains(response, "Say why the approval is withdrawn")
        self.assertEqual(minutes.endorsements.count(), 1)
        response = self.post(
            self.bea, "accord-minutes-withdraw", minutes, {"reason": "Wrong figure"}, follow=True
        )
        self.assertContains(response, "Beta Solar withdrew its approval.")
        self.assertEqual(minutes.endorsements.count(), 0)
