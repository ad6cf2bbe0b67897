from django.apps import AppConfig

from accord.core.practices import Practice


class TrustConfig(AppConfig):
    name = "accord.trust"
    label = "trust"
    verbose_name = "Practice 2: build trust"
    practice = Practice(
        number=2,
        name="Build trust",
        slug="trust",
        tab_label="Trust",
        tab_url="accord-trust",
        urls="accord.trust.urls",
        api="accord.trust.api.router",
        evidence="accord.trust.evidence.evidence",
        access_cases="accord.trust.tests.access_cases",
        calendar="accord.trust.calendar.calendar_entries",
        demo="accord.trust.demo.load_demo",
        notices="accord.trust.notices.notices",
        reminders="accord.trust.notices.reminders",
        stylesheet="accord/trust.css",
        daily=("accord.trust.tasks.commitments_sweep",),
    )
