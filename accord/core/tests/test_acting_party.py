"""The party a user acts for: one rule (`PartnershipAccess.acting_party`) for every create, in the
API and on the pages. Dana is a member of both Alpha and Beta and on both parties' teams: she
must say which organization she acts for, and is then taken at her word."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accord.accounts.models import User
from accord.alignment.models import Objective
from accord.alignment.tests.helpers import objective
from accord.core.access import partnership_access
from accord.core.models import PartnershipInvitation, Proposal, TeamRole
from accord.core.services import membership_set, team_member_set
from accord.longterm.models import Kpi, Milestone, Review, ValueEntry
from accord.longterm.tests.base import kpi_form
from tests.base import AccordTestCase, make_user

KPI = {
    "name": "Homes",
    "baseline": "0",
    "baseline_date": "2026-01-01",
    "target": "100",
    "target_date": "2027-01-01",
}
# One valid body per kind of record that has an owner to choose.
RECORDS = {
    "objectives": (Objective, {"title": "Reach"}),
    "kpis": (Kpi, KPI),
    "milestones": (Milestone, {"title": "First roofs", "due_date": "2026-06-01"}),
    "value": (
        ValueEntry,
        {
            "flow": "contribution",
            "category": "money",
            "description": "Seed",
            "occurred_on": "2026-01-01",
        },
    ),
    "reviews": (Review, {"held_on": "2026-01-01", "decision": "continue"}),
}


class DanaTestCase(AccordTestCase):
    dana: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.dana = make_user("dana@alpha.test", cls.alpha, "member")
        membership_set(organization=cls.beta, user=cls.dana, role="member", actor=None)
        for party in (cls.party_a, cls.party_b):
            team_member_set(party=party, user=cls.dana, role=TeamRole.LEAD, actor=None)

    def url(self, path: str) -> str:
        return f"/partnerships/{self.partnership.pk}/{path}"


class ActingPartyTests(DanaTestCase):
    def test_a_user_of_both_parties_must_name_the_organization_of_a_kpi(self):
        response = self.api("post", self.url("kpis"), self.dana, KPI)
        self.assertEqual(response.status_code, 400, response.content)
        error = response.json()["errors"][0]
        self.assertEqual(error["field"], "organization")
        for named in ("alpha", "Alpha Energy", "beta", "Beta Solar"):
            self.assertIn(named, error["message"])
        self.assertFalse(Kpi.objects.exists())

    def test_every_record_is_owned_by_the_organization_named(self):
        for path, (model, body) in RECORDS.items():
            for slug, party in (("alpha", self.party_a), ("beta", self.party_b)):
                with self.subTest(path=path, organization=slug):
                    response = self.api(
                        "post", self.url(path), self.dana, {**body, "organization": slug}
                    )
                    self.assertEqual(response.status_code, 201, response.content)
                    self.assertEqual(response.json()["owner_organization"]["slug"], slug)
                    record = model._default_manager.get(pk=response.json()["id"])
                    self.assertEqual(record.owner_party_id, party.pk)

    def test_every_record_kind_refuses_to_guess(self):
        for path, (model, body) in RECORDS.items():
            with self.subTest(path=path):
                response = self.api("post", self.url(path), self.dana, body)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(response.json()["errors"][0]["field"], "organization")
                self.assertFalse(model._default_manager.exists())

    def test_a_user_of_one_party_needs_not_name_it(self):
        response = self.api("post", self.url("kpis"), self.bob, KPI)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["owner_organization"]["slug"], "beta")

    def test_an_organization_the_user_does_not_act_for_is_refused(self):
        response = self.api("post", self.url("kpis"), self.bob, {**KPI, "organization": "alpha"})
        self.assertEqual(response.status_code, 400, response.content)
        error = response.json()["errors"][0]
        self.assertEqual(error["field"], "organization")
        self.assertIn("beta", error["message"])
        self.assertFalse(Kpi.objects.exists())

    def test_a_reader_may_not_act_for_anyone(self):
        grant = partnership_access(self.vic, self.partnership.pk)
        with self.assertRaises(PermissionDenied):
            grant.acting_party("alpha")
        response = self.api("post", self.url("kpis"), self.vic, {**KPI, "organization": "alpha"})
        self.assertEqual(response.status_code, 403)

    def test_the_grant_names_the_choices(self):
        grant = partnership_access(self.dana, self.partnership.pk)
        with self.assertRaises(ValidationError) as raised:
            grant.acting_party()
        self.assertIn("“alpha” (Alpha Energy), “beta” (Beta Solar)", str(raised.exception))
        self.assertEqual(grant.acting_party("beta"), self.party_b)

    def test_an_invitation_is_proposed_for_the_party_named(self):
        response = self.api("post", self.url("proposals"), self.dana, {"kind": "invite"})
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "organization")
        body = {"kind": "invite", "note": "Gamma", "organization": "beta"}
        response = self.api("post", self.url("proposals"), self.dana, body)
        self.assertEqual(response.status_code, 201, response.content)
        proposal = Proposal.objects.get(pk=response.json()["id"])
        self.assertEqual(proposal.owner_party, self.party_b)
        approve = self.url(f"proposals/{proposal.pk}/approval")
        response = self.api("post", approve, self.dana, {"organization": "alpha"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["invitation_url"])
        invitation = PartnershipInvitation.objects.get(note="Gamma")
        self.assertEqual(invitation.inviting_party, self.party_b)

    def test_a_goal_proposed_from_two_objectives_is_the_named_partys(self):
        pair = [
            objective(self, user, title).pk
            for user, title in ((self.alice, "Solar homes"), (self.bob, "Solar roofs"))
        ]
        response = self.api("post", self.url("suggestions/goal"), self.dana, {"objectives": pair})
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "organization")
        body = {"objectives": pair, "organization": "beta"}
        response = self.api("post", self.url("suggestions/goal"), self.dana, body)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["owner_organization"]["slug"], "beta")


class ActingPartyPageTests(DanaTestCase):
    FORMS = ("objective", "goal", "kpi", "milestone", "value", "review")

    def test_the_form_asks_for_the_organization_only_when_ambiguous(self):
        for kind in self.FORMS:
            url = reverse(f"accord-{kind}-new", args=[self.partnership.pk])
            with self.subTest(kind=kind):
                self.client.force_login(self.dana)
                page = self.client.get(url).content.decode()
                self.assertIn('name="organization"', page)
                self.assertIn("Beta Solar", page)
                self.client.force_login(self.bob)
                page = self.client.get(url).content.decode()
                self.assertNotIn('name="organization"', page)

    def test_the_kpi_form_creates_it_for_the_organization_chosen(self):
        self.client.force_login(self.dana)
        form = kpi_form(
            name="Homes",
            baseline_date=date(2026, 1, 1).isoformat(),
            target="100",
            target_date=date(2027, 1, 1).isoformat(),
        )
        url = reverse("accord-kpi-new", args=[self.partnership.pk])
        response = self.client.post(url, form)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Kpi.objects.exists())
        response = self.client.post(url, {**form, "organization": "beta"})
        self.assertEqual(response.status_code, 302, response.content)
        self.assertEqual(Kpi.objects.get().owner_party, self.party_b)

    def test_the_proposal_page_asks_which_party_proposes(self):
        url = reverse("accord-proposal-new", args=[self.partnership.pk])
        self.client.force_login(self.alice)
        self.assertNotIn('name="organization"', self.client.get(url).content.decode())
        self.client.force_login(self.dana)
        page = self.client.get(url).content.decode()
        self.assertIn('name="organization"', page)
        response = self.client.post(url, {"kind": "invite", "note": "Hi", "organization": "beta"})
        self.assertEqual(response.status_code, 302, response.content)
        self.assertEqual(Proposal.objects.get(note="Hi").owner_party, self.party_b)
