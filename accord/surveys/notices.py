"""What the surveys announce (accord/core/notices.py), through the notifications app: a round
opened invites every team member of every party to answer; a round closed early says its
results are ready; a round closing within `REMIND_BEFORE` reminds, once, each team member who
has not answered yet. Answering is audited privately and announced to no one; no notice carries
anything of an answer."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.access import people_seated_on
from accord.core.models import Party
from accord.core.notices import Notice, Reminder
from accord.lib.formatting import day
from accord.surveys.models import SurveyResponse, SurveyRound

ROUND = SurveyRound._meta.label
REMIND_BEFORE = timedelta(days=3)


def notices(event: AuditEvent) -> Iterator[Notice]:
    if event.partnership_id is None or event.record_type != ROUND or event.is_private:
        return
    url = reverse("accord-survey", args=[event.partnership_id, event.record_id])
    if event.action == "create":
        closes_on = (event.changes.get("closes_on") or [None, None])[1]
        by = f": answer by {day(date.fromisoformat(closes_on))}" if closes_on else ""
        yield Notice(
            kind="surveys.round_opened",
            partnership_id=event.partnership_id,
            title=f"A survey round opened, “{event.record_label}”{by}",
            url=url,
        )
    elif event.action == "close":
        yield Notice(
            kind="surveys.round_closed",
            partnership_id=event.partnership_id,
            title=f"Survey round “{event.record_label}” closed: see the results",
            url=reverse("accord-survey-results", args=[event.partnership_id, event.record_id]),
        )


def reminders(today: date) -> Iterator[Reminder]:
    """One reminder per round and person yet to answer, in the last days of an open round."""
    closing = SurveyRound.objects.open_on(today).filter(closes_on__lte=today + REMIND_BEFORE)
    for survey_round in closing:
        answered = set(
            SurveyResponse.objects.filter(round=survey_round).values_list(
                "respondent_id", flat=True
            )
        )
        url = reverse("accord-survey", args=[survey_round.partnership_id, survey_round.pk])
        title = (
            f"Survey round “{survey_round.title}” closes on "
            f"{day(survey_round.closes_on)}: your answers are welcome"
        )
        parties = Party.objects.filter(partnership_id=survey_round.partnership_id)
        for person in sorted(people_seated_on(parties) - answered):
            yield Reminder(
                key=f"surveys.answer_reminder:{survey_round.pk}:{person}",
                notice=Notice(
                    kind="surveys.answer_reminder",
                    partnership_id=survey_round.partnership_id,
                    title=title,
                    url=url,
                    user_ids=(person,),
                    named_only=True,
                ),
            )
