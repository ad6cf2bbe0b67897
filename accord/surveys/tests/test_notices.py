"""Invitations to answer, reminders before a round closes, and what they never carry."""

from datetime import timedelta

from accord.audit.models import AuditEvent
from accord.notifications.models import EventDispatch, Notification
from accord.notifications.services import notice_providers, notices_dispatch, reminders_dispatch
from accord.surveys.notices import notices, reminders
from accord.surveys.services import survey_round_close
from accord.surveys.tests.base import SurveyTestCase, all_scored

ALPHA_TEAM = {
    "alice@alpha.test",
    "vic@alpha.test",
    "ada@alpha.test",
    "ari@alpha.test",
    "abe@alpha.test",
}
BETA_TEAM = {"bea@beta.test", "bob@beta.test", "ben@beta.test", "bly@beta.test"}


class SurveyNoticeTests(SurveyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        EventDispatch.objects.bulk_create(EventDispatch(event=e) for e in AuditEvent.objects.all())

    def told(self, kind: str) -> dict[str, list[str]]:
        rows = Notification.objects.filter(kind=kind).select_related("user").order_by("id")
        heard: dict[str, list[str]] = {}
        for row in rows:
            heard.setdefault(row.user.email, []).append(row.title)
        return heard

    def test_the_surveys_notices_are_heard_through_the_app_config(self):
        self.assertIs(notice_providers()["surveys"], notices)

    def test_opening_invites_every_team_member_of_every_party_and_no_one_else(self):
        survey_round = self.open_round(days=14)
        notices_dispatch()
        invited = self.told("surveys.round_opened")
        # Not the opener (alice), nor amy (admin off the team), ann, or Gamma's olga.
        self.assertEqual(set(invited), (ALPHA_TEAM | BETA_TEAM) - {"alice@alpha.test"})
        title = invited["bob@beta.test"][0]
        self.assertIn("Spring check-in", title)
        self.assertIn("answer by", title)
        self.assertEqual(
            Notification.objects.filter(kind="surveys.round_opened").first().url,
            f"/partnerships/{self.partnership.pk}/surveys/{survey_round.pk}/",
        )

    def test_answering_is_announced_to_no_one_and_closing_says_results_are_ready(self):
        survey_round = self.open_round()
        notices_dispatch()
        before = Notification.objects.count()
        self.answer(survey_round, self.bob, all_scored(1, "Secret remark"))
        self.answer(survey_round, self.bob, all_scored(2, "Secret remark"))
        notices_dispatch()
        self.assertEqual(Notification.objects.count(), before)
        survey_round_close(survey_round=survey_round, actor=self.bea)
        notices_dispatch()
        self.assertIn("bob@beta.test", self.told("surveys.round_closed"))
        for title in Notification.objects.values_list("title", flat=True):
            self.assertNotIn("Secret", title)

    def test_reminders_go_to_those_who_have_not_answered_only_while_open(self):
        survey_round = self.open_round(days=10)
        self.answer(survey_round, self.bob, all_scored(3))
        self.answer(survey_round, self.vic, all_scored(3))
        early = survey_round.closes_on - timedelta(days=4)
        self.assertEqual(list(reminders(early)), [])
        last_days = survey_round.closes_on - timedelta(days=2)
        reminders_dispatch(today=last_days)
        reminded = set(self.told("surveys.answer_reminder"))
        self.assertEqual(reminded, (ALPHA_TEAM | BETA_TEAM) - {"bob@beta.test", "vic@alpha.test"})
        # Once per person and round, however often the job runs.
        count = Notification.objects.filter(kind="surveys.answer_reminder").count()
        reminders_dispatch(today=survey_round.closes_on)
        self.assertEqual(Notification.objects.filter(kind="surveys.answer_reminder").count(), count)
        keys = set(
            Notification.objects.filter(kind="surveys.answer_reminder").values_list(
                "reminder_key", flat=True
            )
        )
        self.assertEqual(len(keys), count)

    def test_no_reminder_once_the_round_is_closed(self):
        survey_round = self.open_round(days=2)
        survey_round_close(survey_round=survey_round, actor=self.alice)
        self.assertEqual(list(reminders(self.today)), [])
        self.assertEqual(list(reminders(survey_round.closes_on + timedelta(days=1))), [])
