"""An ended partnership is a read-only archive: visible and exportable, nothing editable.

Written over what exists rather than route by route: every record kind of every installed
practice (and the test-only Memo), every write route of the URL resolver (pages and API), so
that a new kind or route is held to the archive without touching this test.
"""

import re
from copy import copy
from typing import cast

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accord.alignment.models import ObjectiveLink, SharedGoal
from accord.alignment.services import goal_endorse
from accord.audit.models import ChainHead
from accord.core.errors import PartnershipEnded
from accord.core.invitations import (
    partnership_invitation_accept,
    partnership_invitation_create,
    partnership_invitation_revoke,
)
from accord.core.models import (
    Partnership,
    PartnershipInvitation,
    PartnershipRecord,
    Proposal,
    TeamMember,
)
from accord.core.proposals import proposal_approve, proposal_create
from accord.core.records import record_change, record_create, record_delete, record_parts
from accord.core.services import (
    partnership_update,
    team_member_change_role,
    team_member_remove,
    team_member_set,
)
from accord.longterm.models import Kpi
from accord.surveys.models import SurveyRound
from tests.base import AccordTestCase
from tests.memos.models import Memo
from tests.test_nasty_input import BASES, ROLES_REFS, SENDERS, record_kinds

WRITES = ("post", "put", "patch", "delete")


def partnership_routes() -> list[tuple[str, str, list[str]]]:
    """(name, route, parameters) of every route under `partnerships/<id>/`."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                params = list(pattern.pattern.converters)
                if "partnerships/<id:" in route and params:
                    found.append((f"{namespace}{pattern.name}", route, params))

    walk(get_resolver().url_patterns, "", "")
    return found


# POSTs that read: checking the history (recomputed, its result kept) is open on an archive.
CHECKS = {"api:history_verify"}
ROLES_REF_NAMES = {
    "workstreams": "workstream",
    "activities": "activity",
    "rules": "rule",
    "risks": "risk",
    "kpis": "kpi",
}


class ArchiveTests(AccordTestCase):
    records: dict[type[PartnershipRecord], PartnershipRecord]
    roles_refs: dict[str, int]
    invitation_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.records = {}
        base = f"/api/v1/partnerships/{cls.partnership.pk}"
        client = Client()
        objective = goal = None
        cls.roles_refs = {}  # what a roles record points at, as the nasty-input test makes them
        for model in record_kinds():
            path, body = BASES[model]
            if model in ROLES_REFS:
                body = {**ROLES_REFS[model](cls), **body}
            if model is Memo:
                cls.records[model] = record_create(
                    record=Memo(partnership=cls.partnership, owner_party=cls.party_b, **body),
                    actor=cls.bob,
                )
                continue
            if model is ObjectiveLink:
                body = {**body, "objective": objective, "goal": goal}
            sender = getattr(cls, SENDERS.get(model, "bob"))
            headers = {"Authorization": f"Bearer {cls.token_for(sender)}"}
            response = client.post(
                f"{base}/{path}", body, content_type="application/json", headers=headers
            )
            assert response.status_code == 201, (model, response.content)
            cls.records[model] = model._default_manager.get(pk=response.json()["id"])
            if path == "objectives":
                objective = response.json()["id"]
            if path == "goals":
                goal = response.json()["id"]
            if path in ROLES_REF_NAMES:
                cls.roles_refs[ROLES_REF_NAMES[path]] = response.json()["id"]
        _, cls.invitation_token = partnership_invitation_create(
            partnership=cls.partnership, inviting_party=cls.party_a, actor=cls.alice
        )
        ending = proposal_create(party=cls.party_a, actor=cls.alice, kind="end").proposal
        proposal_approve(proposal=ending, party=cls.party_b, actor=cls.bea)
        cls.partnership = Partnership.objects.get(pk=cls.partnership.pk)
        assert cls.partnership.is_ended

    def test_every_record_kind_refuses_every_write_in_the_services(self):
        self.assertEqual(set(self.records), set(record_kinds()))
        for model, record in self.records.items():
            with self.subTest(kind=model.__name__):
                with self.assertRaises(PartnershipEnded):
                    record_change(record=record, actor=self.bob, changes={})
                with self.assertRaises(PartnershipEnded):
                    record_delete(record=record, actor=self.bob)
                with self.assertRaises(PartnershipEnded), record_parts(record):
                    pass
                again = copy(record)
                again.pk = None
                with self.assertRaises(PartnershipEnded):
                    record_create(record=again, actor=self.bob)
                self.assertTrue(model._default_manager.filter(pk=record.pk).exists())

    def test_the_partnership_its_team_and_its_invitations_refuse_writes(self):
        seat = TeamMember.objects.get(user=self.vic)
        invitation = PartnershipInvitation.objects.filter(accepted_at=None).first()
        assert invitation is not None
        refused = {
            "settings": lambda: partnership_update(
                record=self.partnership,
                actor=self.alice,
                expected_version=self.partnership.version,
                changes={"review_cadence": "monthly"},
            ),
            "team add": lambda: team_member_set(
                party=self.party_a, user=self.ann, role="contributor", actor=self.amy
            ),
            "team role": lambda: team_member_change_role(seat=seat, role="sponsor", actor=self.amy),
            "team remove": lambda: team_member_remove(seat=seat, actor=self.amy),
            "invite": lambda: partnership_invitation_create(
                partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
            ),
            "accept": lambda: partnership_invitation_accept(
                token=self.invitation_token, organization=self.gamma, actor=self.olga
            ),
            "revoke": lambda: partnership_invitation_revoke(
                invitation=invitation, actor=self.alice
            ),
            "endorse": lambda: goal_endorse(
                goal=self.records[SharedGoal], party=self.party_b, actor=self.bea
            ),
            "propose a change": lambda: proposal_create(
                party=self.party_a, actor=self.alice, kind="change", name="Revived"
            ),
        }
        for what, write in refused.items():
            with self.subTest(what=what), self.assertRaises(PartnershipEnded) as raised:
                write()
            self.assertIn("read-only archive", str(raised.exception))
        self.assertEqual(Partnership.objects.get(pk=self.partnership.pk).name, "Solar rollout")

    def test_the_api_answers_partnership_ended_for_every_record_kind(self):
        base = f"/partnerships/{self.partnership.pk}"
        for model, record in self.records.items():
            path, body = BASES[model]
            if not path or model is Proposal:
                continue  # no record API (a proposal is decided, not edited)
            if model is ObjectiveLink:
                link = cast(ObjectiveLink, record)
                body = {**body, "objective": link.objective_id, "goal": link.goal_id}
            if model in ROLES_REFS:
                body = {**ROLES_REFS[model](self), **body}
            one = f"{base}/{path}/{record.pk}"
            writes = [("post", f"{base}/{path}", body)]
            if model is SurveyRound:  # opened and closed, never edited nor deleted
                writes.append(("post", f"{one}/close", None))
            else:
                writes += [("patch", one, {"version": record.version}), ("delete", one, None)]
            for method, url, data in writes:
                with self.subTest(kind=model.__name__, method=method):
                    response = self.api(method, url, self.bea, data)
                    self.assertEqual(response.status_code, 409, response.content)
                    self.assertEqual(response.json()["code"], "partnership_ended")
                    self.assertIn("read-only archive", response.json()["detail"])

    def write_urls(self) -> list[tuple[str, str]]:
        """(name, url) of every route of the partnership, its record ids filled in."""
        ids = {
            "goal_id": self.records[SharedGoal].pk,
            "kpi_id": self.records[Kpi].pk,
            "member_id": TeamMember.objects.get(user=self.vic).pk,
            "team_member_id": TeamMember.objects.get(user=self.vic).pk,
            "party_id": self.party_a.pk,
        }
        for model, record in self.records.items():
            ids.setdefault(f"{model._meta.model_name}_id", record.pk)
        by_name = {str(m._meta.model_name): r for m, r in self.records.items()}
        for name in ("objective", "link", "milestone", "review"):
            found = next(r for model_name, r in by_name.items() if model_name.endswith(name))
            ids.setdefault(f"{name}_id", found.pk)
        ids.setdefault("value_id", ids.get("valueentry_id", 1))
        urls = []
        for name, _, params in partnership_routes():
            kwargs = {params[0]: self.partnership.pk}
            kwargs |= {param: ids.get(param, 1) for param in params[1:]}
            urls.append((name, reverse(name, kwargs=kwargs)))
        return urls

    def heads(self) -> list[tuple[str, int]]:
        """Where every audit chain stands: every write of partnership data appends to one."""
        return list(ChainHead.objects.order_by("chain").values_list("chain", "seq"))

    def test_no_write_route_changes_anything_on_the_archive(self):
        """Every page and API route, with every write method, as its lead: no API write
        succeeds, no audit chain moves, no server error (the test client re-raises one)."""
        self.client.force_login(self.alice)
        headers = {"Authorization": f"Bearer {self.token_for(self.alice)}"}
        before = self.heads()
        for name, url in self.write_urls():
            for method in WRITES if name.startswith("api:") else ("post",):
                with self.subTest(route=name, method=method):
                    call = getattr(self.client, method)
                    response = call(url, "{}", content_type="application/json", headers=headers)
                    if name.startswith("api:") and name not in CHECKS:
                        self.assertGreaterEqual(response.status_code, 400, response.content[:200])
                    self.assertEqual(self.heads(), before)

    def test_reads_and_exports_still_answer(self):
        self.client.force_login(self.bob)
        headers = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        for name, url in self.write_urls():
            if name.endswith(("-new", "-edit", "-invite")) or "import" in url:
                continue
            with self.subTest(route=name):
                response = self.client.get(url, headers=headers)
                # Never the archive's 409; bob manages no invitations (403); the results of
                # a round still open when the partnership ended wait for its close (409).
                self.assertIn(
                    response.status_code, (200, 302, 403, 404, 405, 409), response.content[:200]
                )
                if response.status_code == 409:
                    self.assertEqual(response.json()["code"], "survey_open")

    def test_pages_say_it_ended_and_offer_nothing_to_edit(self):
        pages = [
            name
            for name, _, params in partnership_routes()
            if len(params) == 1 and not name.startswith("api:")
        ]
        shown = 0
        for user in (self.alice, self.bob, self.amy):
            for name in pages:
                with self.subTest(user=user.email, page=name):
                    response = self.page_as(user, name)
                    if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                        continue  # an edit page (409), a download, a redirect
                    shown += 1
                    day = f"{self.partnership.ended_on:%-d %B %Y}"
                    self.assertContains(response, f"This partnership ended on {day}")
                    self.assertContains(response, "read-only archive")
                    actions = re.findall(r'action="([^"]+)"', response.content.decode())
                    mine = f"/partnerships/{self.partnership.pk}/"
                    # Only reopening may be proposed; checking the history changes nothing.
                    edits = [
                        a
                        for a in actions
                        if a.startswith(mine)
                        and "/proposals/" not in a
                        and not a.endswith(("/check/", "/verify/"))
                    ]
                    self.assertEqual(edits, [])
        self.assertGreater(shown, 10)
        overview = self.page_as(self.alice, "accord-partnership")
        self.assertContains(overview, "Propose reopening")
        self.assertNotContains(overview, "Edit settings")
        self.assertNotContains(self.page_as(self.bob, "accord-partnership"), "Propose reopening")

    def test_an_edit_page_answers_the_archive_notice(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("accord-partnership-edit", args=[self.partnership.pk]))
        self.assertContains(response, "read-only archive", status_code=409)
        self.assertContains(response, "Back to the partnership", status_code=409)

    def test_reopening_is_proposed_and_approved_by_every_party(self):
        self.client.force_login(self.bea)
        url = reverse("accord-proposal-new", args=[self.partnership.pk])
        page = self.client.get(url)
        self.assertContains(page, "Reopen the partnership")
        self.assertNotContains(page, "End the partnership</option>")
        response = self.client.post(url, {"kind": "reopen", "stage": "renewing"}, follow=True)
        self.assertContains(response, "waits for the approval of Alpha Energy")
        proposal = self.api_list(f"/partnerships/{self.partnership.pk}/proposals", self.alice)[0]
        path = f"/partnerships/{self.partnership.pk}/proposals/{proposal['id']}/approval"
        self.assertEqual(self.api("post", path, self.vic, {}).status_code, 403)
        response = self.api("post", path, self.alice, {})
        self.assertEqual(response.json()["status"], "applied")
        partnership = Partnership.objects.get(pk=self.partnership.pk)
        self.assertEqual((partnership.stage, partnership.ended_on), ("renewing", None))
        self.assertNotContains(self.page_as(self.bob, "accord-goals"), "read-only archive")
