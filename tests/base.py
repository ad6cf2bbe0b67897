"""The standing cast every test module uses.

Alpha Energy and Beta Solar run the partnership “Solar rollout”; Gamma Bank is not in it.

    amy    Alpha admin (head of partnerships), not on the team: sees all of Alpha's partnerships
    alice  Alpha member, lead of Alpha's team: manages the partnership
    vic    Alpha viewer on the team: reads, changes nothing (403)
    ann    Alpha member not on the team: gets 404 like an outsider
    bea    Beta admin, accepted the invitation and leads Beta's team
    bob    Beta member on Beta's team: the other party's contributor
    olga   Gamma owner: the outsider (404 everywhere)
"""

import json
from typing import Any, TypeVar
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accord.accounts.models import User
from accord.accounts.services import api_token_create, user_create
from accord.core.access import partnership_access
from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.core.models import (
    Organization,
    Partnership,
    PartnershipRecord,
    Party,
    TeamRole,
    Versioned,
    Visibility,
)
from accord.core.records import record_create
from accord.core.services import (
    membership_set,
    organization_create,
    partnership_create,
    team_member_set,
)

PASSWORD = "correct horse battery staple"

Record = TypeVar("Record", bound=Versioned)
Owned = TypeVar("Owned", bound=PartnershipRecord)


def stored_as_is(record: Record, actor: User) -> Record:
    """Save a new record as data from before today's rules and bounds: through the write
    primitive (locked, stamped, audited), its rules not checked. For tests of such data only."""
    with mock.patch("accord.core.records._refuse_rule_errors"):
        return record_create(record=record, actor=actor)


def run_queued_jobs() -> int:
    """Run every queued background job in this process, as `accord worker` would; returns how
    many ran. (The worker itself closes database connections, which a TestCase cannot allow.)"""
    jobs = list(DBTaskResult.objects.filter(status="READY"))
    for job in jobs:
        job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])
    return len(jobs)


def mailed_token(email: str, path: str = "/join/") -> str:
    """Run the queued jobs and return the token of the last link under `path` mailed to
    `email`: colleague invitation links exist only in the email."""
    import re

    from django.core import mail

    run_queued_jobs()
    bodies = [str(m.body) for m in mail.outbox if email in m.to]
    found = re.findall(re.escape(path) + r"([A-Za-z0-9_\-]+(?:/[A-Za-z0-9_\-]+)?)/", bodies[-1])
    return found[-1]


def make_user(email: str, organization, role: str):
    user = user_create(email=email, password=PASSWORD, full_name=email.split("@")[0].title())
    membership_set(organization=organization, user=user, role=role, actor=None)
    return user


class AccordTestCase(TestCase):
    alpha: Organization
    beta: Organization
    gamma: Organization
    amy: User
    alice: User
    vic: User
    ann: User
    bea: User
    bob: User
    olga: User
    partnership: Partnership
    party_a: Party
    party_b: Party

    @classmethod
    def setUpTestData(cls) -> None:
        cls.alpha = organization_create(name="Alpha Energy", slug="alpha")
        cls.beta = organization_create(name="Beta Solar", slug="beta")
        cls.gamma = organization_create(name="Gamma Bank", slug="gamma")
        cls.amy = make_user("amy@alpha.test", cls.alpha, "admin")
        cls.alice = make_user("alice@alpha.test", cls.alpha, "member")
        cls.vic = make_user("vic@alpha.test", cls.alpha, "viewer")
        cls.ann = make_user("ann@alpha.test", cls.alpha, "member")
        cls.bea = make_user("bea@beta.test", cls.beta, "admin")
        cls.bob = make_user("bob@beta.test", cls.beta, "member")
        cls.olga = make_user("olga@gamma.test", cls.gamma, "owner")
        cls.partnership = partnership_create(
            organization=cls.alpha, actor=cls.alice, name="Solar rollout", purpose="Sun."
        )
        cls.party_a = Party.objects.get(partnership=cls.partnership, organization=cls.alpha)
        team_member_set(party=cls.party_a, user=cls.vic, role=TeamRole.CONTRIBUTOR, actor=cls.alice)
        _, token = partnership_invitation_create(
            partnership=cls.partnership, inviting_party=cls.party_a, actor=cls.alice
        )
        cls.party_b = partnership_invitation_accept(
            token=token, organization=cls.beta, actor=cls.bea, team=[cls.bob]
        )

    @classmethod
    def record(
        cls, model: type[Owned], *, party: Party | None = None, private: bool = False, **fields
    ) -> Owned:
        """A new record of `model` in the partnership, through the write primitive: Beta's,
        written by bob, unless `party` is Alpha's (then by alice)."""
        party = party or cls.party_b
        visibility = Visibility.PRIVATE if private else Visibility.SHARED
        return record_create(
            record=model(
                partnership=cls.partnership, owner_party=party, visibility=visibility, **fields
            ),
            actor=cls.bob if party == cls.party_b else cls.alice,
        )

    @classmethod
    def acting_as(cls, user: User) -> dict[str, Any]:
        """The `party` and `actor` of a create service called by `user` for their party."""
        grant = partnership_access(user, cls.partnership.pk, "edit")
        return {"party": grant.acting_party(), "actor": user}

    def page_as(self, user: User, name: str, *args):
        """GET the partnership's page `name` (further URL arguments in `args`) signed in as
        `user`, who stays signed in."""
        self.client.force_login(user)
        return self.client.get(reverse(name, args=[self.partnership.pk, *args]))

    def assertContainsAll(self, response, *texts: str, status_code: int = 200) -> None:
        """assertContains for each of `texts`, each in its own subtest."""
        for text in texts:
            with self.subTest(contains=text):
                self.assertContains(response, text, status_code=status_code)

    @classmethod
    def token_for(cls, user) -> str:
        return api_token_create(user=user, name="test")[1]

    def api(
        self, method: str, path: str, user=None, data=None, raw: str | None = None, headers=None
    ):
        """Call the API as `user` (bearer token) with a JSON body and any other `headers`."""
        headers = dict(headers or {})
        if user:
            headers["Authorization"] = f"Bearer {self.token_for(user)}"
        body = raw if raw is not None else ("" if data is None else json.dumps(data))
        call = getattr(self.client, method.lower())
        if method.lower() == "get":
            return call(f"/api/v1{path}", headers=headers)
        return call(f"/api/v1{path}", body, content_type="application/json", headers=headers)

    def api_list(self, path: str, user, limit: int = 200) -> list[dict]:
        """Every item of an API list, page after page through `next` and `cursor`."""
        items: list[dict] = []
        query = f"limit={limit}"
        while True:
            separator = "&" if "?" in path else "?"
            response = self.api("get", f"{path}{separator}{query}", user)
            self.assertEqual(response.status_code, 200, response.content)
            body = response.json()
            items += body["items"]
            if not body["has_more"]:
                return items
            query = f"limit={limit}&cursor={body['next']}"


class QueryCountTestCase(AccordTestCase):
    """Pins the number of queries of a page or API call at two data sizes.

    A subclass defines `grow(n)`, which adds n units of data; `GROW` says how many units to add
    before the first count and then before the second."""

    GROW = (0, 12)

    def grow(self, n: int) -> None:
        raise NotImplementedError

    def count(self, url: str, user, api: bool = False) -> int:
        """The queries of one GET of `url` as `user` (bearer token for the API), which must
        answer 200."""
        headers = {}
        if api:
            headers["Authorization"] = f"Bearer {self.token_for(user)}"
        else:
            self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def assertConstant(self, url: str, user, expected: int, api: bool = False) -> None:
        small, large = self.GROW
        if small:
            self.grow(small)
        first = self.count(url, user, api)
        self.grow(large)
        second = self.count(url, user, api)
        self.assertEqual((first, second), (expected, expected))

    def assertApiConstant(self, path: str, user, expected: int) -> None:
        """assertConstant for the API's `/partnerships/<the partnership>/<path>`."""
        url = f"/api/v1/partnerships/{self.partnership.pk}/{path}"
        self.assertConstant(url, user, expected, api=True)
