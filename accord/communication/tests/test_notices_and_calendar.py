"""The notices (a function of audit events) and the calendar entries of practice 4."""

from datetime import date, timedelta

from accord.audit.models import AuditEvent
from accord.communication import services
from accord.communication.calendar import entries
from accord.communication.notices import notices
from accord.communication.tests.helpers import BERLIN, at, cadence, meeting
from accord.core.viewpoint import Viewpoint
from tests.base import AccordTestCase


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).latest("id")


class NoticeTests(AccordTestCase):
    def test_minutes_written_ask_the_other_party_to_approve(self):
        made = meeting(self, title="Steering")
        services.minutes_create(party=self.party_b, actor=self.bob, meeting=made, text="Agreed.")
        (notice,) = notices(last_event("create"))
        self.assertEqual(notice.kind, "communication.minutes_to_approve")
        self.assertEqual((notice.party_ids, notice.binding_only), ((self.party_a.pk,), True))
        self.assertEqual(
            notice.url, f"/partnerships/{self.partnership.pk}/communication/meetings/{made.pk}/"
        )
        self.assertIn("Minutes of Steering", notice.title)

    def test_edit_of_approved_minutes_asks_every_party_again(self):
        minutes = services.minutes_create(
            party=self.party_b, actor=self.bob, meeting=meeting(self), text="Agreed."
        )
        services.minutes_approve(minutes=minutes, party=self.party_a, actor=self.alice)
        self.assertEqual(list(notices(last_event("endorse"))), [])
        services.minutes_update(
            record=minutes, actor=self.bob, expected_version=1, changes={"text": "B"}
        )
        (notice,) = notices(last_event("endorsements_cleared"))
        self.assertEqual(notice.party_ids, (self.party_a.pk, self.party_b.pk))

    def test_private_minutes_only_their_party(self):
        private = meeting(self, visibility="private")
        services.minutes_create(party=self.party_a, actor=self.alice, meeting=private, text="Ours.")
        (notice,) = notices(last_event("create"))
        self.assertEqual(notice.party_ids, (self.party_a.pk,))

    def test_update_to_acknowledge_then_acknowledged(self):
        update = services.update_create(
            party=self.party_a, actor=self.alice, title="Jan", progress="Ok"
        )
        (posted,) = notices(last_event("create"))
        self.assertEqual(
            (posted.kind, posted.party_ids),
            ("communication.update_to_acknowledge", (self.party_b.pk,)),
        )
        self.assertTrue(posted.url.endswith(f"#update-{update.pk}"))
        services.update_acknowledge(update=update, party=self.party_b, actor=self.bob)
        (heard,) = notices(last_event("acknowledge"))
        self.assertEqual(
            (heard.kind, heard.party_ids), ("communication.update_acknowledged", (self.party_a.pk,))
        )
        self.assertEqual(heard.title, "Beta Solar acknowledged “Jan”")

    def test_other_events_say_nothing(self):
        cadence(self)
        meeting(self)
        for event in AuditEvent.objects.all():
            with self.subTest(event.action):
                self.assertEqual(list(notices(event)), [])


class CalendarTests(AccordTestCase):
    def test_meetings_in_their_zone_and_next_occurrences_not_yet_scheduled(self):
        weekly = cadence(self, starts_at=at(2027, 1, 5, 10, zone=BERLIN), time_zone="Europe/Berlin")
        meeting(
            self,
            title="Sync 1",
            starts_at=at(2027, 1, 5, 10, zone=BERLIN),
            time_zone="Europe/Berlin",
            cadence=weekly,
            agenda="Pilot",
        )
        now = at(2027, 1, 1)
        found = list(
            entries(
                [Viewpoint.of_party(self.party_b)], date(2027, 1, 1), date(2027, 1, 19), now=now
            )
        )
        self.assertEqual(
            [(e.title, e.start.isoformat()) for e in found],
            [
                ("Sync 1", "2027-01-05T10:00:00+01:00"),
                ("Weekly sync (not yet scheduled)", "2027-01-12T10:00:00+01:00"),
                ("Weekly sync (not yet scheduled)", "2027-01-19T10:00:00+01:00"),
            ],
        )
        self.assertEqual(found[0].end - found[0].start, timedelta(hours=1))
        self.assertEqual(found[0].description, "Pilot")

    def test_private_meeting_only_in_its_partys_viewpoint(self):
        meeting(self, title="Alpha prep", starts_at=at(2027, 1, 5), visibility="private")
        window = (date(2027, 1, 1), date(2027, 1, 31))
        beta = [e.title for e in entries([Viewpoint.of_party(self.party_b)], *window)]
        alpha = [e.title for e in entries([Viewpoint.of_party(self.party_a)], *window)]
        self.assertEqual((beta, alpha), ([], ["Alpha prep"]))

    def test_constant_queries_whatever_the_viewpoints(self):
        meeting(self, starts_at=at(2027, 1, 5))
        viewpoints = [Viewpoint.of_party(self.party_a), Viewpoint.of_party(self.party_b)]
        with self.assertNumQueries(2):
            list(entries(viewpoints, date(2027, 1, 1), date(2027, 1, 31)))


class CommentNoticeTests(AccordTestCase):
    def test_comment_on_an_update_heard_by_the_other_party(self):
        update = services.update_create(
            party=self.party_a, actor=self.alice, title="Jan", progress="Ok"
        )
        services.comment_create(
            party=self.party_b, actor=self.bob, update=update, text="Which sites?"
        )
        (notice,) = notices(last_event("create"))
        self.assertEqual(
            (notice.kind, notice.party_ids, notice.title),
            ("communication.comment_added", (self.party_a.pk,), "Comment on Jan"),
        )
        self.assertTrue(notice.url.endswith(f"#update-{update.pk}"))

    def test_comment_on_a_private_decision_heard_by_nobody_else(self):
        from accord.roles import services as roles
        from accord.roles.models import RuleKind

        rule = roles.rule_create(
            party=self.party_a,
            actor=self.alice,
            title="Ours",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_a,
        )
        decision = roles.decision_create(
            party=self.party_a, actor=self.alice, rule=rule, title="Hire", visibility="private"
        )
        comment = services.comment_create(
            party=self.party_a, actor=self.alice, decision=decision, text="Yes"
        )
        self.assertTrue(comment.is_private)
        self.assertEqual(list(notices(last_event("create"))), [])
