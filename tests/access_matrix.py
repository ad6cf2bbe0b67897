"""The access matrix's vocabulary: personas, expectations, and the rows (cases) of a route.

Practices add their rows in `accord/<app>/tests/access_cases.py`; `record_cases` builds the five
rows of a standard record API (see `accord.core.record_api`).
"""

from collections.abc import Callable
from dataclasses import dataclass

PERSONAS = ["amy", "alice", "vic", "ann", "bea", "bob", "olga", "anon"]
SIGNED_IN = PERSONAS[:-1]

# Routes without partnership or organization data, each with its own tests elsewhere.
PUBLIC = {
    "accord-login",
    "accord-logout",
    "accord-password-reset",
    "accord-password-reset-sent",
    "accord-password-reset-confirm",
    "accord-password-reset-done",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
    "accord-healthz",
    "accord-readyz",
}


def everyone(status: int, anon: int) -> dict[str, int]:
    return {**dict.fromkeys(SIGNED_IN, status), "anon": anon}


def seen(by_team: int, manage: int | None = None, anon: int = 302) -> dict[str, int]:
    """Visible to amy, alice, vic, bea and bob; 404 for ann and olga."""
    manage = by_team if manage is None else manage
    return {
        "amy": manage,
        "alice": manage,
        "bea": manage,
        "vic": by_team,
        "bob": by_team,
        "ann": 404,
        "olga": 404,
        "anon": anon,
    }


def binding(status: int, anon: int = 401) -> dict[str, int]:
    """Acts that commit a party (endorsing, approving, declining): its leads and its
    organization's admins (amy, alice, bea); bob, Beta's contributor, and vic, Alpha's viewer,
    are refused (403); ann and olga see nothing (404)."""
    return seen(403, manage=status, anon=anon)


@dataclass
class Case:
    name: str
    expect: dict[str, int]
    method: str = "get"
    kwargs: Callable = lambda t: {}
    data: Callable = lambda t: None

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def record_cases(
    kind: str,
    record: str,
    create: Callable,
    patch: Callable,
    *,
    joint: bool = False,
    private: str | None = None,
    delete: bool = True,
) -> list[Case]:
    """The rows of a standard record API (`accord.core.record_api`).

    `record` names the test-class attribute of a shared record owned by Beta (party_b);
    `private`, if given, one private to Beta. Only Beta's contributors change Beta's record,
    unless the kind is `joint`; viewers change nothing; ann and olga see nothing.
    """
    where = lambda t: {"partnership_id": t.partnership.pk}  # noqa: E731
    id_name = f"{kind}_id"  # the record's path parameter, named after its kind
    one = lambda t: {"partnership_id": t.partnership.pk, id_name: getattr(t, record).pk}  # noqa: E731
    edit = {**seen(403, manage=201, anon=401), "bob": 201}
    change = {**seen(403, anon=401), "bea": 200, "bob": 200}
    if joint:
        change.update(amy=200, alice=200)
    cases = [
        Case(f"api:{kind}_list", seen(200, anon=401), kwargs=where),
        Case(f"api:{kind}_create", edit, method="post", kwargs=where, data=create),
        Case(f"api:{kind}_get", seen(200, anon=401), kwargs=one),
        Case(
            f"api:{kind}_update",
            change,
            method="patch",
            kwargs=one,
            data=lambda t: {"version": getattr(t, record).version, **patch(t)},
        ),
    ]
    if private:
        hidden = lambda t: {"partnership_id": t.partnership.pk, id_name: getattr(t, private).pk}  # noqa: E731
        cases.append(
            Case(f"api:{kind}_get", {**everyone(404, 401), "bea": 200, "bob": 200}, kwargs=hidden)
        )
    if delete:
        removed = {persona: 204 if code == 200 else code for persona, code in change.items()}
        cases.append(Case(f"api:{kind}_delete", removed, method="delete", kwargs=one))
    return cases
