"""This practice's rows of the access matrix (tests/test_access.py runs them).

Every record is Beta's (party_b), created by bob: only Beta's contributors (bea, bob) change
it, except reviews, which are joint. `private_kpi` is private to Beta."""

from datetime import date, timedelta
from decimal import Decimal

from accord.longterm import services
from tests.access_matrix import Case, record_cases, seen

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


def _where(t) -> dict:
    return {"partnership_id": t.partnership.pk}


def _kpi(t) -> dict:
    return {"partnership_id": t.partnership.pk, "kpi_id": t.kpi.pk}


def _private_kpi(t) -> dict:
    return {"partnership_id": t.partnership.pk, "kpi_id": t.private_kpi.pk}


def _measurement(t) -> dict:
    return {**_kpi(t), "measurement_id": t.measurement.pk}


def _page(t) -> dict:
    return {"pk": t.partnership.pk}


def _page_kpi(t) -> dict:
    return {"pk": t.partnership.pk, "kpi_id": t.kpi.pk}


def _page_record(attribute: str):
    return lambda t: {"pk": t.partnership.pk, "record_id": getattr(t, attribute).pk}


# Who may do what, besides the 404 for ann and olga and the login or 401 for anonymous users.
BETA_ONLY = {**seen(403), "bea": 200, "bob": 200}  # change a record of Beta's
BETA_ONLY_API = {**seen(403, anon=401), "bea": 201, "bob": 201}
PRIVATE_TO_BETA = {**seen(404), "bea": 200, "bob": 200}
PRIVATE_TO_BETA_API = {**PRIVATE_TO_BETA, "anon": 401}
CONTRIBUTORS = {**seen(200), "vic": 403}  # anyone who edits in the partnership


def _redirects(expect: dict[str, int]) -> dict[str, int]:
    return {who: 302 if code == 200 else code for who, code in expect.items()}


KPI_IN = {
    "name": "New KPI",
    "baseline": 0,
    "baseline_date": "2025-01-01",
    "target": 10,
    "target_date": "2027-01-01",
}

API_CASES: list[Case] = [
    *record_cases(
        "kpi",
        "kpi",
        create=lambda t: KPI_IN,
        patch=lambda t: {"name": "Renamed KPI"},
        private="private_kpi",
    ),
    *record_cases(
        "milestone",
        "milestone",
        create=lambda t: {"title": "Launch", "due_date": "2027-01-01"},
        patch=lambda t: {"status": "in_progress"},
    ),
    *record_cases(
        "value_entry",
        "value_entry",
        create=lambda t: {
            "flow": "contribution",
            "category": "money",
            "description": "Seed money",
            "amount": "1000",
            "currency": "EUR",
            "occurred_on": "2025-05-01",
        },
        patch=lambda t: {"description": "Seed funding"},
    ),
    *record_cases(
        "review",
        "review",
        create=lambda t: {"held_on": "2025-06-30", "decision": "continue"},
        patch=lambda t: {"learned": "Plenty."},
        joint=True,
    ),
    Case("api:measurement_list", seen(200, anon=401), kwargs=_kpi),
    Case("api:measurement_list", PRIVATE_TO_BETA_API, kwargs=_private_kpi),
    Case(
        "api:measurement_create",
        BETA_ONLY_API,
        method="post",
        kwargs=_kpi,
        data=lambda t: {"measured_on": YESTERDAY, "value": "3.5"},
    ),
    Case(
        "api:measurement_delete",
        {**seen(403, anon=401), "bea": 204, "bob": 204},
        method="delete",
        kwargs=_measurement,
    ),
    Case("api:measurement_get", seen(200, anon=401), kwargs=_measurement),
    Case(
        "api:measurement_update",
        {**seen(403, anon=401), "bea": 200, "bob": 200},
        method="patch",
        kwargs=_measurement,
        data=lambda t: {"note": "Checked", "version": t.measurement.version},
    ),
    Case(
        "api:measurement_bulk",
        BETA_ONLY_API,
        method="post",
        kwargs=_kpi,
        data=lambda t: {"measurements": [{"measured_on": YESTERDAY, "value": "2"}]},
    ),
    # No file sent: those allowed get as far as 400 ("send a CSV file").
    Case(
        "api:measurement_import",
        {**seen(403, anon=401), "bea": 400, "bob": 400},
        method="post",
        kwargs=_kpi,
    ),
    Case("api:measurement_export", seen(200, anon=401), kwargs=_kpi),
    Case("api:measurement_export", PRIVATE_TO_BETA_API, kwargs=_private_kpi),
    Case("api:kpi_status_get", seen(200, anon=401), kwargs=_kpi),
    Case("api:kpi_status_get", PRIVATE_TO_BETA_API, kwargs=_private_kpi),
    Case("api:roadmap_get", seen(200, anon=401), kwargs=_where),
    Case("api:value_balance_get", seen(200, anon=401), kwargs=_where),
]

PAGE_CASES: list[Case] = [
    Case("accord-longterm", seen(200), kwargs=_page),
    Case("accord-kpi", seen(200), kwargs=_page_kpi),
    Case(
        "accord-kpi",
        {**PRIVATE_TO_BETA, "anon": 302},
        kwargs=lambda t: {"pk": t.partnership.pk, "kpi_id": t.private_kpi.pk},
    ),
    Case(
        "accord-measurement-add",
        {**_redirects(BETA_ONLY), "anon": 302},
        method="post",
        kwargs=_page_kpi,
        data=lambda t: {"measured_on": YESTERDAY, "value": "4"},
    ),
    Case(
        "accord-measurement-delete",
        _redirects(BETA_ONLY),
        method="post",
        kwargs=lambda t: {**_page_kpi(t), "measurement_id": t.measurement.pk},
    ),
    Case(
        "accord-measurement-edit",
        BETA_ONLY,
        kwargs=lambda t: {**_page_kpi(t), "measurement_id": t.measurement.pk},
    ),
    Case("accord-measurements-import", BETA_ONLY, kwargs=_page_kpi),
    Case("accord-measurements-export", seen(200), kwargs=_page_kpi),
    Case(
        "accord-measurements-export",
        {**PRIVATE_TO_BETA, "anon": 302},
        kwargs=lambda t: {"pk": t.partnership.pk, "kpi_id": t.private_kpi.pk},
    ),
]
for kind, attribute, joint in (
    ("kpi", "kpi", False),
    ("milestone", "milestone", False),
    ("value", "value_entry", False),
    ("review", "review", True),
):
    change = {**seen(200), "vic": 403} if joint else BETA_ONLY
    PAGE_CASES += [
        Case(f"accord-{kind}-new", CONTRIBUTORS, kwargs=_page),
        Case(f"accord-{kind}-edit", change, kwargs=_page_record(attribute)),
        Case(
            f"accord-{kind}-delete",
            _redirects(change),
            method="post",
            kwargs=_page_record(attribute),
        ),
    ]

CASES: list[Case] = API_CASES + PAGE_CASES


def _new_kpi(t, name: str, baseline: int, target: int, **fields):
    """A KPI of Beta's from 2025 to 2027."""
    return services.kpi_create(
        **t.acting_as(t.bob),
        name=name,
        baseline=Decimal(baseline),
        baseline_date=date(2025, 1, 1),
        target=Decimal(target),
        target_date=date(2027, 1, 1),
        **fields,
    )


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to: all Beta's, by bob."""
    by_bob = t.acting_as(t.bob)
    t.kpi = _new_kpi(t, "Homes with solar", 0, 100)
    t.private_kpi = _new_kpi(t, "Beta's margin", 10, 20, visibility="private")
    t.measurement = services.measurement_add(
        kpi=t.kpi, actor=t.bob, measured_on=date(2025, 6, 1), value=Decimal(20)
    )
    t.milestone = services.milestone_create(
        **by_bob, title="First 100 roofs", due_date=date(2026, 6, 1)
    )
    t.value_entry = services.value_entry_create(
        **by_bob,
        flow="contribution",
        category="people",
        description="Two installers",
        occurred_on=date(2025, 3, 1),
    )
    t.review = services.review_create(**by_bob, held_on=date(2025, 6, 30), decision="continue")
