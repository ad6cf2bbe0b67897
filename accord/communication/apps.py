from django.apps import AppConfig

from accord.core.practices import Practice


class CommunicationConfig(AppConfig):
    name = "accord.communication"
    label = "communication"
    verbose_name = "Practice 4: communicate effectively"
    practice = Practice(
        number=4,
        name="Communicate effectively",
        slug="communication",
        tab_label="Communication",
        tab_url="accord-communication",
        urls="accord.communication.urls",
        api="accord.communication.api.router",
        evidence="accord.communication.evidence.evidence",
        access_cases="accord.communication.tests.access_cases",
        demo="accord.communication.demo.load_demo",
        stylesheet="accord/communication.css",
        # trust: a meeting's action items are commitments; roles: comments on decisions (later)
        builds_on=("alignment", "trust", "roles"),
        notices="accord.communication.notices.notices",
        calendar="accord.communication.calendar.entries",
    )
