"""The demo's surveys: a perception gap in the community solar rollout, perception and
evidence at odds in the panel logistics, and an open round whose late answerers are reminded."""

from django.test import TestCase

from accord.core.models import Partnership
from accord.demo import build_demo
from accord.notifications.models import Notification
from accord.surveys.models import SurveyRound
from accord.surveys.perception import perception_of
from accord.surveys.selectors import practice_results
from accord.trust.models import Commitment, CommitmentStatus


class SurveyDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        build_demo()

    def test_the_solar_rollout_shows_a_gap_on_communication(self):
        solar = Partnership.objects.get(name="Community solar rollout")
        rows = practice_results(perception_of(solar))
        communication = rows[3]
        self.assertTrue(communication.gap_flagged)
        self.assertTrue(all(cell.shown for cell in communication.parties))
        self.assertTrue(
            SurveyRound.objects.open_on(
                SurveyRound.objects.get(title="Autumn pulse").closes_on
            ).exists()
        )
        reminded = Notification.objects.filter(kind="surveys.answer_reminder")
        self.assertTrue(reminded.exists())
        self.assertFalse(reminded.filter(user__email="maya@northwind.example").exists())

    def test_the_panel_logistics_parties_trust_each_other_while_promises_break(self):
        logistics = Partnership.objects.get(name="Panel logistics Europe")
        trust = perception_of(logistics).of(2)
        self.assertTrue(all(cell.average is not None and cell.average >= 4.5 for cell in trust))
        broken = Commitment.objects.filter(partnership=logistics, status=CommitmentStatus.BROKEN)
        self.assertGreaterEqual(broken.count(), 2)
