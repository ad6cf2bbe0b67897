"""The Communication pages: the tab, a meeting, and one page or post per action."""

from datetime import date

from django.urls import reverse

from accord.communication import services
from accord.communication.models import Cadence, Meeting, Minutes, Update
from accord.communication.tests.helpers import at, cadence, meeting
from tests.base import AccordTestCase


class PageTests(AccordTestCase):
    def url(self, name: str, *args) -> str:
        return reverse(name, args=[self.partnership.pk, *args])

    def test_tab_shows_cadences_in_their_zone_meetings_and_updates(self):
        cadence(
            self,
            title="Fortnightly steering",
            rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            starts_at=at(2026, 1, 6, 9),
            time_zone="Europe/Berlin",
        )
        meeting(self, title="Kick-off", time_zone="Europe/Berlin", starts_at=at(2026, 1, 6, 9))
        services.update_create(
            party=self.party_b, actor=self.bob, title="Beta news", progress="Go", asks="Data"
        )
        response = self.page_as(self.alice, "accord-communication")
        self.assertContainsAll(
            response,
            "Fortnightly steering",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "6 Jan 2026, 10:00 CET",
            "Kick-off",
            "Beta news",
            "Acknowledge for Alpha Energy",
        )

    def test_private_meeting_not_shown_to_the_other_party(self):
        meeting(self, title="Alpha prep", visibility="private")
        self.assertNotContains(self.page_as(self.bob, "accord-communication"), "Alpha prep")

    def test_cadence_form_refuses_a_bad_rule_by_field(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url("accord-cadence-new"),
            {
                "title": "Sync",
                "kind": "meeting",
                "rule": "every tuesday",
                "starts_at": "2026-01-06T10:00",
                "time_zone": "Europe/Berlin",
                "visibility": "shared",
            },
        )
        self.assertContains(response, "Not a recurrence rule", status_code=400)
        self.assertFalse(Cadence.objects.exists())

    def test_cadence_form_reads_the_time_in_its_zone(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url("accord-cadence-new"),
            {
                "title": "Sync",
                "kind": "meeting",
                "rule": "FREQ=WEEKLY",
                "starts_at": "2026-01-06T10:00",
                "time_zone": "America/New_York",
                "visibility": "shared",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Cadence.objects.get().starts_at, at(2026, 1, 6, 15))

    def test_meeting_flow_minutes_approval_and_action_item(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url("accord-meeting-new"),
            {
                "title": "Steering",
                "starts_at": "2026-01-06T10:00",
                "time_zone": "UTC",
                "duration_minutes": "60",
                "agenda": "Status\nBudget",
                "attendees": [
                    self.party_a.team.get(user=self.alice).pk,
                    self.party_b.team.get(user=self.bob).pk,
                ],
                "visibility": "shared",
            },
        )
        self.assertEqual(response.status_code, 302, response.content)
        made = Meeting.objects.get()
        self.assertEqual(made.attendees.count(), 2)
        page = self.client.get(self.url("accord-meeting", made.pk))
        self.assertContainsAll(page, "Status", "Budget", "Write the minutes")
        self.assertNotContains(page, "@beta.test")
        self.client.post(self.url("accord-minutes-new", made.pk), {"text": "Agreed."})
        minutes = Minutes.objects.get()
        self.assertContains(
            self.client.get(self.url("accord-meeting", made.pk)), "Approve for Alpha Energy"
        )
        self.client.post(self.url("accord-minutes-approve", minutes.pk))
        self.assertEqual(minutes.endorsements.count(), 1)
        self.client.post(
            self.url("accord-action-item-new", made.pk),
            {"title": "Send figures", "due_date": "2027-01-10"},
        )
        item = services.action_items_of(made).get()
        self.assertEqual((item.title, item.due_date), ("Send figures", date(2027, 1, 10)))

    def test_minutes_edit_clears_approvals_and_says_so(self):
        made = meeting(self)
        minutes = services.minutes_create(
            party=self.party_a, actor=self.alice, meeting=made, text="A"
        )
        services.minutes_approve(minutes=minutes, party=self.party_b, actor=self.bea)
        self.client.force_login(self.alice)
        page = self.client.get(self.url("accord-minutes-edit", minutes.pk))
        self.assertContains(page, "clears every approval")
        response = self.client.post(
            self.url("accord-minutes-edit", minutes.pk), {"text": "B", "version": 1}, follow=True
        )
        self.assertContains(response, "every approval was cleared")
        stale = self.client.post(
            self.url("accord-minutes-edit", minutes.pk), {"text": "C", "version": 1}
        )
        self.assertEqual(stale.status_code, 409)

    def test_acknowledge_by_htmx_swaps_the_card(self):
        update = services.update_create(
            party=self.party_a, actor=self.alice, title="Jan", progress="Ok"
        )
        self.client.force_login(self.bob)
        response = self.client.post(
            self.url("accord-update-acknowledge", update.pk),
            {"reply": "Noted"},
            headers={"HX-Request": "true"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContainsAll(
            response, f'id="update-{update.pk}"', "Acknowledged by Beta Solar", "Noted"
        )
        self.assertEqual(Update.objects.get().acknowledgements.count(), 1)
