from django.apps import AppConfig

from accord.core.practices import Practice


class LongtermConfig(AppConfig):
    name = "accord.longterm"
    label = "longterm"
    verbose_name = "Practice 6: focus on long-term success"
    practice = Practice(
        number=6,
        name="Focus on long-term success",
        slug="longterm",
        tab_label="Long-term",
        tab_url="accord-longterm",
        urls="accord.longterm.urls",
        api="accord.longterm.api.router",
        evidence="accord.longterm.evidence.evidence",
        access_cases="accord.longterm.tests.access_cases",
        calendar="accord.longterm.calendar.calendar_entries",
        demo="accord.longterm.demo.load_demo",
        stylesheet="accord/longterm.css",
        next_review="accord.longterm.selectors.next_review_on",
        builds_on=("alignment",),
    )
