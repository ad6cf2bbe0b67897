from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Perception: survey rounds in which each party's team answers Accord's statements about
    the six practices privately; results only aggregated per party, above a threshold.

    Not a practice: it declares its notices and reminders for the notifications app, and its
    daily job for the worker's schedule, on this AppConfig (decisions 0022, 0023, 0027)."""

    name = "accord.surveys"
    label = "surveys"
    verbose_name = "Surveys"
    notices = "accord.surveys.notices.notices"
    reminders = "accord.surveys.notices.reminders"
    daily_jobs = ("accord.surveys.tasks.survey_rounds_close",)
