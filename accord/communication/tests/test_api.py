"""The communication API: records, actions, stale versions, illegal transitions, privacy."""

from accord.communication import services
from accord.communication.tests.helpers import at, cadence, meeting
from tests.base import AccordTestCase


class ApiTests(AccordTestCase):
    def path(self, rest: str) -> str:
        return f"/partnerships/{self.partnership.pk}/{rest}"

    def test_cadence_created_with_its_next_occurrences(self):
        response = self.api(
            "post",
            self.path("cadences"),
            self.alice,
            {
                "title": "Fortnightly steering",
                "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
                "starts_at": "2026-01-06T10:00:00",
                "time_zone": "Europe/Berlin",
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["starts_at"], "2026-01-06T10:00:00+01:00")
        self.assertEqual(len(body["next_occurrences"]), 3)
        for moment in body["next_occurrences"]:
            self.assertTrue(moment.endswith(("T10:00:00+01:00", "T10:00:00+02:00")), moment)

    def test_bad_rule_is_a_field_error(self):
        response = self.api(
            "post",
            self.path("cadences"),
            self.alice,
            {"title": "Sync", "rule": "FREQ=HOURLY", "starts_at": "2026-01-06T10:00:00Z"},
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "rule")

    def test_occurrences(self):
        weekly = cadence(self, starts_at=at(2026, 1, 6))
        meeting(self, starts_at=at(2026, 1, 6), cadence=weekly)
        response = self.api("get", self.path(f"cadences/{weekly.pk}/occurrences"), self.bob)
        self.assertEqual(response.status_code, 200, response.content)
        first = response.json()["occurrences"]
        self.assertTrue(first)  # within the last 365 days of the real clock

    def test_meeting_in_its_zone_with_attendees_named_not_mailed(self):
        response = self.api(
            "post",
            self.path("meetings"),
            self.alice,
            {
                "title": "Kick-off",
                "starts_at": "2026-06-02T08:00:00Z",
                "time_zone": "America/New_York",
                "attendees": [self.alice.pk, self.bob.pk],
                "agenda": "Welcome\n\nPlan",
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["starts_at"], "2026-06-02T04:00:00-04:00")
        self.assertEqual(body["agenda_items"], ["Welcome", "Plan"])
        self.assertEqual(
            [a["organization"]["name"] for a in body["attendees"]], ["Alpha Energy", "Beta Solar"]
        )
        self.assertNotIn("@", response.content.decode())
        stale = self.api(
            "patch", self.path(f"meetings/{body['id']}"), self.alice, {"version": 9, "title": "X"}
        )
        self.assertEqual(stale.status_code, 409)

    def test_minutes_approved_by_leads_and_cleared_by_an_edit(self):
        made = meeting(self)
        response = self.api(
            "post", self.path("minutes"), self.bob, {"meeting": made.pk, "text": "Pilot agreed."}
        )
        self.assertEqual(response.status_code, 201, response.content)
        minutes_id = response.json()["id"]
        approval = self.path(f"minutes/{minutes_id}/approval")
        self.assertEqual(self.api("post", approval, self.bob).status_code, 403)
        self.assertEqual(self.api("post", approval, self.bea).status_code, 201)
        answer = self.api("post", approval, self.alice)
        self.assertEqual(answer.status_code, 201)
        self.assertTrue(answer.json()["approved"])
        self.assertEqual(self.api("post", approval, self.alice).status_code, 400)  # twice
        edited = self.api(
            "patch",
            self.path(f"minutes/{minutes_id}"),
            self.bob,
            {"version": 1, "text": "Amended."},
        )
        self.assertEqual(edited.status_code, 200, edited.content)
        self.assertEqual(
            (edited.json()["approved"], edited.json()["approvals_cleared"]), (False, True)
        )
        self.assertEqual(
            self.api(
                "patch",
                self.path(f"minutes/{minutes_id}"),
                self.alice,
                {"version": 2, "text": "Ours"},
            ).status_code,
            403,
        )

    def test_action_items_are_commitments(self):
        made = meeting(self, title="Steering 3")
        items = self.path(f"meetings/{made.pk}/action-items")
        response = self.api(
            "post",
            items,
            self.bob,
            {"title": "Send site list", "due_date": "2027-02-01", "source_kind": "spoof"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["source_kind"], response.json()["source_label"]),
            ("communication.meeting", "Steering 3"),
        )
        listed = self.api("get", items, self.alice).json()
        self.assertEqual([c["title"] for c in listed], ["Send site list"])
        commitment = self.api("get", self.path(f"commitments/{listed[0]['id']}"), self.alice)
        self.assertEqual(commitment.status_code, 200)

    def test_private_meeting_hidden_from_the_other_party(self):
        private = meeting(self, visibility="private", title="Alpha prep")
        services.action_item_create(
            meeting=private,
            party=self.party_a,
            actor=self.alice,
            title="Brief",
            due_date=at(2027, 1, 1).date(),
        )
        for rest in (f"meetings/{private.pk}", f"meetings/{private.pk}/action-items"):
            self.assertEqual(self.api("get", self.path(rest), self.bob).status_code, 404)
        self.assertNotIn(
            "Alpha prep", self.api("get", self.path("communication"), self.bob).content.decode()
        )
        self.assertNotIn(
            "Brief", self.api("get", self.path("commitments"), self.bob).content.decode()
        )

    def test_update_acknowledged_by_the_other_party(self):
        update = services.update_create(
            party=self.party_a, actor=self.alice, title="January", progress="Ten sites."
        )
        url = self.path(f"updates/{update.pk}/acknowledgement")
        self.assertEqual(self.api("post", url, self.alice).status_code, 403)
        self.assertEqual(self.api("post", url, self.vic).status_code, 403)
        response = self.api("post", url, self.bob, {"reply": "Thanks!"})
        self.assertEqual(response.status_code, 201, response.content)
        ack = response.json()["acknowledgements"][0]
        self.assertEqual(
            (ack["reply"], ack["acknowledged_by"]["name"]), ("Thanks!", self.bob.public_name)
        )
        self.assertEqual(self.api("post", url, self.bea).status_code, 400)
        changed = self.api(
            "patch", self.path(f"updates/{update.pk}"), self.alice, {"version": 1, "title": "X"}
        )
        self.assertEqual(changed.status_code, 400)

    def test_summary(self):
        response = self.api("get", self.path("communication"), self.vic)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            [f["key"] for f in response.json()["evidence"]],
            [
                "cadence_kept",
                "updates_acknowledged",
                "median_hours_to_acknowledge",
                "minutes_approved",
                "action_items_on_time",
            ],
        )
