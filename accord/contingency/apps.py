from django.apps import AppConfig

from accord.core.practices import Practice


class ContingencyConfig(AppConfig):
    name = "accord.contingency"
    label = "contingency"
    verbose_name = "Practice 5: plan for contingencies"
    practice = Practice(
        number=5,
        name="Plan for contingencies",
        slug="contingency",
        tab_label="Contingency",
        tab_url="accord-contingency",
        urls="accord.contingency.urls",
        api="accord.contingency.api.router",
        evidence="accord.contingency.evidence.evidence",
        access_cases="accord.contingency.tests.access_cases",
        demo="accord.contingency.demo.load_demo",
        stylesheet="accord/contingency.css",
        # Long-term's KPIs fire plans; the exit plan is endorsed like alignment's goals; trust's
        # concerns and roles' objections escalate when left unanswered.
        builds_on=("alignment", "longterm", "trust", "roles"),
        periodic=(
            "accord.contingency.tasks.triggers_evaluate",
            "accord.contingency.tasks.escalations_run",
        ),
        notices="accord.contingency.notices.notices",
        calendar="accord.contingency.calendar.entries",
    )
