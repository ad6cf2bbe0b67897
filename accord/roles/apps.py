from django.apps import AppConfig

from accord.core.practices import Practice


class RolesConfig(AppConfig):
    name = "accord.roles"
    label = "roles"
    verbose_name = "Practice 3: define roles and responsibilities"
    practice = Practice(
        number=3,
        name="Define roles and responsibilities",
        slug="roles",
        tab_label="Roles",
        tab_url="accord-roles",
        urls="accord.roles.urls",
        api="accord.roles.api.router",
        evidence="accord.roles.evidence.evidence",
        access_cases="accord.roles.tests.access_cases",
        calendar="accord.roles.calendar.calendar_entries",
        demo="accord.roles.demo.load_demo",
        notices="accord.roles.notices.notices",
        reminders="accord.roles.notices.reminders",
        stylesheet="accord/roles.css",
        builds_on=("alignment",),
    )
