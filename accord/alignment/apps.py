from django.apps import AppConfig

from accord.core.practices import Practice


class AlignmentConfig(AppConfig):
    name = "accord.alignment"
    label = "alignment"
    verbose_name = "Practice 1: align objectives and strategies"
    practice = Practice(
        number=1,
        name="Align objectives and strategies",
        slug="alignment",
        tab_label="Alignment",
        tab_url="accord-alignment",
        urls="accord.alignment.urls",
        api="accord.alignment.api.router",
        evidence="accord.alignment.evidence.evidence",
        access_cases="accord.alignment.tests.access_cases",
        demo="accord.alignment.demo.load_demo",
        notices="accord.alignment.notices.notices",
        stylesheet="accord/alignment.css",
    )
