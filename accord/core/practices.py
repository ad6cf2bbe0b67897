"""The Practice declaration: everything core needs to know to plug a practice in.

A practice app declares one `Practice` as the `practice` attribute of its AppConfig; core
iterates `practices()` (in practice order) for the partnership tabs, the stylesheets, the URLs,
the API routers, the demo data, the access matrix and the evidence of the health check. A new
practice is therefore one folder plus one line in INSTALLED_APPS (see decision 0004).

Everything is named by dotted path and imported only when used: an AppConfig is imported before
the models are ready, so it may not import the practice's modules itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from accord.core.evidence import Evidence
    from accord.core.viewpoint import Viewpoint


@dataclass(frozen=True)
class Practice:
    number: int  # 1 to 6, as in the product model; the order of tabs, demo and evidence
    name: str  # "Align objectives and strategies"
    slug: str  # the `tab` of its pages; its URLs hang under partnerships/<id>/<slug>/
    tab_label: str  # "Alignment"
    tab_url: str  # the URL name of its tab, called with the partnership's id
    urls: str  # module of its page URLs, included at the root
    api: str  # its ninja Router, mounted on /api/v1/
    evidence: str  # evidence(viewpoint, today) -> core.evidence.Evidence
    access_cases: str  # module with CASES and setup(t) for tests/test_access.py
    demo: str = ""  # load_demo(partnerships, people), after the partnerships exist
    stylesheet: str = ""  # static path, linked from base.html
    # () -> an expression of a partnership's next review date, the same for every viewer; the
    # partnership list shows it and sorts by it (the first practice that declares one)
    next_review: str = ""
    # Background jobs (dotted paths of django-tasks tasks, no arguments) that `accord worker`
    # queues once a day (accord/ops/schedule.py); each must be idempotent.
    daily: tuple[str, ...] = ()
    # The slugs of the practices this one builds on: the only practices it may import (with
    # what they build on in turn); tests/test_dependencies.py holds every app to it.
    builds_on: tuple[str, ...] = ()
    # Background jobs queued at every tick of the worker's schedule (ACCORD_TICK_SECONDS; `accord
    # tick` runs one): trigger evaluation, escalations, reminders. Idempotent, like `daily`.
    periodic: tuple[str, ...] = ()
    # (event: audit.AuditEvent) -> Iterable[core.notices.Notice]: who must hear of an audited
    # change of this practice's records (accord/core/notices.py).
    notices: str = ""
    # (today: date) -> Iterable[core.notices.Reminder]: what is due or waiting (not a change,
    # so not a notice); the notifications app asks once a day.
    reminders: str = ""
    # (viewpoints: Sequence[Viewpoint], start: date, end: date) -> Iterable[CalendarEntry]: the
    # dated things of this practice seen from each viewpoint (accord/core/calendar.py).
    calendar: str = ""

    def api_router(self) -> Any:
        return import_string(self.api)

    def demo_loader(self) -> Callable[[dict, dict], None] | None:
        return import_string(self.demo) if self.demo else None

    def evidence_provider(self) -> Callable[["Viewpoint", date], "Evidence"]:
        return import_string(self.evidence)

    def next_review_expression(self) -> Any:
        return import_string(self.next_review)() if self.next_review else None

    def daily_tasks(self) -> list[Any]:
        return [import_string(path) for path in self.daily]

    def periodic_tasks(self) -> list[Any]:
        return [import_string(path) for path in self.periodic]

    def calendar_provider(self) -> Callable[..., Any] | None:
        return import_string(self.calendar) if self.calendar else None

    def access_case_module(self) -> ModuleType:
        return import_module(self.access_cases)


def in_build_order(found: tuple[Practice, ...]) -> list[Practice]:
    """The practices in practice order, except that each comes after those it builds on (the
    demo of contingency, 5, uses long-term's KPIs, 6)."""
    ordered: list[Practice] = []
    by_slug = {practice.slug: practice for practice in found}

    def place(practice: Practice) -> None:
        if practice in ordered:
            return
        for slug in practice.builds_on:
            if slug in by_slug:
                place(by_slug[slug])
        ordered.append(practice)

    for practice in found:
        place(practice)
    return ordered


@cache
def practices() -> tuple[Practice, ...]:
    """The installed practices, in practice order; each number and slug once."""
    found = sorted(
        (config.practice for config in apps.get_app_configs() if hasattr(config, "practice")),
        key=lambda practice: practice.number,
    )
    for attribute in ("number", "slug"):
        values = [getattr(practice, attribute) for practice in found]
        if len(values) != len(set(values)):
            raise ImproperlyConfigured(f"Two practices declare the same {attribute}: {values}")
    return tuple(found)
