"""The surveys' daily job (`SurveysConfig.daily_jobs`)."""

from django_tasks import task


@task()
def survey_rounds_close() -> None:
    """Close the rounds whose last day to answer has passed (idempotent: closed ones are
    skipped)."""
    from accord.surveys.services import survey_rounds_close_due

    survey_rounds_close_due()
