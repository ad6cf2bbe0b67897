from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from accord.accounts.models import ApiToken, hash_token
from accord.audit.services import verify_trail
from accord.core.models import (
    Membership,
    Organization,
    Partnership,
    Party,
    Proposal,
    ProposalKind,
    ProposalStatus,
    TeamRole,
)
from accord.core.proposals import proposals_of_any


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


class CommandTests(TestCase):
    def test_org_create_prints_the_slug(self):
        self.assertEqual(run("org", "create", "Acme Widgets"), "acme-widgets")
        self.assertEqual(run("org", "create", "Acme Widgets"), "acme-widgets-2")
        self.assertEqual(run("org", "create", "Other", "--slug", "oth"), "oth")

    def test_org_create_refuses_a_taken_slug(self):
        run("org", "create", "Acme", "--slug", "acme")
        with self.assertRaisesMessage(CommandError, "taken"):
            run("org", "create", "Acme again", "--slug", "acme")
        self.assertEqual(Organization.objects.count(), 1)

    def test_user_create_adds_the_user_with_a_role(self):
        run("org", "create", "Acme")
        self.assertIn(
            "admin", run("user", "create", "Pat@Acme.test", "--org", "acme", "--role", "admin")
        )
        membership = Membership.objects.get(user__email="pat@acme.test")
        self.assertEqual(membership.role, "admin")

    def test_user_create_explains_bad_input(self):
        run("org", "create", "Acme")
        with self.assertRaisesMessage(CommandError, "No organization"):
            run("user", "create", "pat@acme.test", "--org", "nope")
        with self.assertRaisesMessage(CommandError, "valid email"):
            run("user", "create", "not-an-email", "--org", "acme")

    def test_user_create_adds_an_existing_user_to_another_organization(self):
        run("org", "create", "Acme")
        run("org", "create", "Bolt")
        run("user", "create", "pat@acme.test", "--org", "acme")
        run("user", "create", "pat@acme.test", "--org", "bolt", "--role", "viewer")
        roles = dict(Membership.objects.values_list("organization__slug", "role"))
        self.assertEqual(roles, {"acme": "member", "bolt": "viewer"})

    def test_token_create_prints_a_working_token_once(self):
        run("org", "create", "Acme")
        run("user", "create", "pat@acme.test", "--org", "acme")
        raw = run("token", "create", "pat@acme.test")
        self.assertTrue(ApiToken.objects.filter(token_hash=hash_token(raw)).exists())
        response = self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"})
        self.assertEqual(response.json()["email"], "pat@acme.test")

    def test_token_create_for_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "No user"):
            run("token", "create", "ghost@nowhere.test")

    def test_demo_loads_once_and_its_chains_verify(self):
        first = run("demo", "--no-serve")
        self.assertIn("Loaded the demo data", first)
        self.assertIn("maya@northwind.example", first)
        self.assertIn("valentin@meridian.example", first)
        partnerships = Partnership.objects.count()
        self.assertGreaterEqual(partnerships, 5)
        self.assertIn("Reusing the demo data", run("demo", "--no-serve"))
        self.assertEqual(Partnership.objects.count(), partnerships)
        self.assertTrue(all(report.intact for report in verify_trail()))

    def test_demo_covers_every_stage_and_isolates_meridian(self):
        run("demo", "--no-serve")
        stages = set(Partnership.objects.values_list("stage", flat=True))
        self.assertEqual(stages, {"exploring", "negotiating", "active", "renewing", "ended"})
        shared = Partnership.objects.filter(parties__organization__slug="northwind").filter(
            parties__organization__slug="meridian"
        )
        self.assertFalse(shared.exists())

    def test_demo_shows_an_invitation_in_each_state_to_northwind_only(self):
        from accord.core.models import InvitationStatus, PartnershipInvitation

        run("demo", "--no-serve")
        pilot = PartnershipInvitation.objects.filter(partnership__name="Smart grid pilot")
        states = {invitation.status for invitation in pilot}
        # Accepted: the invitations through which Helios and Cobalt joined.
        self.assertEqual(states, set(InvitationStatus))
        self.assertEqual(
            set(pilot.values_list("inviting_party__organization__slug", flat=True)), {"northwind"}
        )
        self.client.force_login(Membership.objects.get(user__email="adam@northwind.example").user)
        page = self.client.get(f"/partnerships/{pilot[0].partnership_id}/")
        for label in ("Waiting to be emailed", "Sent", "Opened", "Expired", "Revoked", "Accepted"):
            self.assertContains(page, label)
        self.client.force_login(Membership.objects.get(user__email="hana@helios.example").user)
        page = self.client.get(f"/partnerships/{pilot[0].partnership_id}/")
        self.assertNotContains(page, "priya@tidewater.example")

    def test_demo_shows_leads_pending_proposals_and_an_archive(self):
        run("demo", "--no-serve")
        for party in Party.objects.select_related("partnership", "organization"):
            with self.subTest(party=str(party)):
                self.assertTrue(party.team.filter(role=TeamRole.LEAD).exists())
        pending = proposals_of_any().filter(status=ProposalStatus.PENDING)
        self.assertEqual(
            sorted(p.kind for p in pending), [ProposalKind.CHANGE, ProposalKind.INVITE]
        )
        for proposal in pending:
            self.assertFalse(proposal.is_stale, proposal)
            self.assertTrue(proposal.approvals.exists())
            self.assertTrue(proposal.waiting_for())
        ended = Partnership.objects.get(stage="ended")
        self.assertIsNotNone(ended.ended_on)
        self.assertTrue(
            Proposal.objects.filter(partnership=ended, kind=ProposalKind.END, status="applied")
        )
