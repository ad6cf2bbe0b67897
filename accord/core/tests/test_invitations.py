from datetime import timedelta

from django.core import mail
from django.utils import timezone

from accord.core.errors import InvitationError
from accord.core.invitations import (
    organization_invitation_accept,
    organization_invitation_create,
    partnership_invitation_accept,
    partnership_invitation_create,
    partnership_invitation_revoke,
)
from accord.core.models import Membership, OrganizationInvitation, Party, TeamMember
from tests.base import AccordTestCase, run_queued_jobs


class PartnershipInvitationTests(AccordTestCase):
    def invite(self):
        return partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )

    def test_api_flow_invite_then_accept(self):
        response = self.api("post", f"/partnerships/{self.partnership.pk}/invitations", self.alice)
        self.assertEqual(response.status_code, 201, response.content)
        token = response.json()["token"]
        self.assertIn(token, response.json()["url"])
        response = self.api("post", f"/invitations/{token}/accept", self.olga, {"team": []})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["organization"]["slug"], "gamma")
        self.assertEqual(response.json()["team"][0]["user"]["email"], "olga@gamma.test")
        self.assertEqual(self.partnership.parties.count(), 3)

    def test_a_link_works_once(self):
        _, token = self.invite()
        partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        with self.assertRaisesMessage(InvitationError, "accepted"):
            partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)

    def test_an_expired_link_is_refused(self):
        invitation, token = self.invite()
        invitation.expires_at = timezone.now() - timedelta(seconds=1)
        invitation.save()
        response = self.api("post", f"/invitations/{token}/accept", self.olga, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("expired", response.json()["detail"])
        self.assertFalse(Party.objects.filter(organization=self.gamma).exists())

    def test_a_revoked_link_is_refused(self):
        invitation, token = self.invite()
        partnership_invitation_revoke(invitation=invitation, actor=self.alice)
        with self.assertRaisesMessage(InvitationError, "revoked"):
            partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)

    def test_only_an_admin_of_the_joining_organization_accepts(self):
        from tests.base import make_user

        gina = make_user("gina@gamma.test", self.gamma, "member")
        _, token = self.invite()
        with self.assertRaisesMessage(InvitationError, "owner or admin"):
            partnership_invitation_accept(token=token, organization=self.gamma, actor=gina)
        self.assertFalse(Party.objects.filter(organization=self.gamma).exists())

    def test_an_organization_joins_once(self):
        _, token = self.invite()
        with self.assertRaisesMessage(InvitationError, "already a party"):
            partnership_invitation_accept(token=token, organization=self.beta, actor=self.bea)

    def test_accepting_admin_picks_the_team(self):
        from tests.base import make_user

        gina = make_user("gina@gamma.test", self.gamma, "member")
        _, token = self.invite()
        party = partnership_invitation_accept(
            token=token, organization=self.gamma, actor=self.olga, team=[gina]
        )
        roles = dict(TeamMember.objects.filter(party=party).values_list("user__email", "role"))
        self.assertEqual(roles, {"olga@gamma.test": "lead", "gina@gamma.test": "contributor"})

    def test_team_from_another_organization_is_refused_by_the_api(self):
        _, token = self.invite()
        response = self.api(
            "post", f"/invitations/{token}/accept", self.olga, {"team": ["alice@alpha.test"]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Party.objects.filter(organization=self.gamma).exists())

    def test_only_the_hash_of_the_token_is_stored(self):
        invitation, token = self.invite()
        self.assertNotIn(token, invitation.token_hash)

    def test_unknown_token_is_refused(self):
        response = self.api("post", "/invitations/not-a-token/accept", self.olga, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("not valid", response.json()["detail"])


class OrganizationInvitationTests(AccordTestCase):
    def invite(self, email="newbie@alpha.test", role="member"):
        return organization_invitation_create(
            organization=self.alpha, email=email, role=role, actor=self.amy
        )

    def test_the_invitation_email_is_sent_by_a_background_job(self):
        with self.captureOnCommitCallbacks(execute=True):
            _, token = self.invite()
        self.assertEqual(run_queued_jobs(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["newbie@alpha.test"])
        self.assertIn(f"/join/{token}/", mail.outbox[0].body)

    def test_the_job_is_enqueued_on_commit(self):
        from django_tasks_db.models import DBTaskResult

        with self.captureOnCommitCallbacks(execute=True):
            self.invite()
        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_a_newcomer_creates_an_account_by_accepting(self):
        _, token = self.invite(role="viewer")
        membership = organization_invitation_accept(token=token, password="long-enough-pass-42")
        self.assertEqual(membership.role, "viewer")
        self.assertTrue(membership.user.check_password("long-enough-pass-42"))

    def test_a_weak_password_is_refused_and_nothing_is_created(self):
        from django.core.exceptions import ValidationError

        _, token = self.invite()
        with self.assertRaises(ValidationError):
            organization_invitation_accept(token=token, password="123")
        self.assertFalse(Membership.objects.filter(user__email="newbie@alpha.test").exists())
        self.assertTrue(OrganizationInvitation.objects.get().is_open)

    def test_a_signed_in_user_must_be_the_invited_one(self):
        _, token = self.invite(email="olga@gamma.test")
        with self.assertRaisesMessage(InvitationError, "olga@gamma.test"):
            organization_invitation_accept(token=token, user=self.bob)
        organization_invitation_accept(token=token, user=self.olga)
        self.assertTrue(Membership.objects.filter(user=self.olga, organization=self.alpha).exists())

    def test_join_page_creates_the_account_and_signs_in(self):
        _, token = self.invite()
        response = self.client.post(
            f"/join/{token}/", {"full_name": "New Bie", "password": "long-enough-pass-42"}
        )
        self.assertRedirects(response, "/orgs/alpha/")
        self.assertEqual(self.client.get("/api/v1/me").json()["email"], "newbie@alpha.test")

    def test_join_page_keeps_input_and_explains_a_weak_password(self):
        _, token = self.invite()
        response = self.client.post(f"/join/{token}/", {"full_name": "New Bie", "password": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "New Bie")
        self.assertContains(response, "too short")


class InvitationRightsTests(AccordTestCase):
    def test_only_an_owner_invites_an_owner(self):
        from django.core.exceptions import ValidationError

        with self.assertRaisesMessage(ValidationError, "Only an owner"):
            organization_invitation_create(
                organization=self.alpha, email="x@alpha.test", role="owner", actor=self.amy
            )
        invitation, _ = organization_invitation_create(
            organization=self.gamma, email="x@gamma.test", role="owner", actor=self.olga
        )
        self.assertEqual(invitation.role, "owner")

    def test_an_accepted_invitation_cannot_be_revoked(self):
        invitation, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        stale_copy = type(invitation).objects.get(pk=invitation.pk)
        partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        with self.assertRaisesMessage(InvitationError, "accepted"):
            partnership_invitation_revoke(invitation=stale_copy, actor=self.alice)
