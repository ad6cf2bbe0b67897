"""The access matrix's rows of the portable document (tests/test_access.py): whoever sees the
partnership through a party exports that party's view (readers too: it holds nothing they
cannot read); everyone else sees nothing (404); the schema is public."""

from tests.access_matrix import Case, everyone, seen


def setup(t) -> None:
    pass


def partnership(t) -> dict:
    return {"pk": t.partnership.pk}


def api_partnership(t) -> dict:
    return {"partnership_id": t.partnership.pk}


CASES = [
    Case("accord-partnership-export", seen(200), kwargs=partnership),
    Case("api:partnership_export_get", seen(200, anon=401), kwargs=api_partnership),
    Case("accord-partnership-schema", everyone(200, 200)),
]
