"""The access matrix's rows of the health check (tests/test_access.py): everyone who sees the
partnership reads its health; those who may edit for their party take its snapshot (vic, a
viewer, is refused); ann and olga see nothing (404)."""

from tests.access_matrix import Case, seen


def editors(status: int, anon: int) -> dict[str, int]:
    return {**seen(403, anon=anon), **dict.fromkeys(["amy", "alice", "bea", "bob"], status)}


def setup(t) -> None:
    pass


def partnership(t) -> dict:
    return {"pk": t.partnership.pk}


def api_partnership(t) -> dict:
    return {"partnership_id": t.partnership.pk}


CASES = [
    Case("accord-health", seen(200), kwargs=partnership),
    Case("accord-health-snapshot", editors(302, 302), method="post", kwargs=partnership),
    Case("api:health_get", seen(200, anon=401), kwargs=api_partnership),
    Case("api:health_snapshot_list", seen(200, anon=401), kwargs=api_partnership),
    Case("api:health_snapshot_take", editors(201, 401), method="post", kwargs=api_partnership),
]
