import json
import re
from datetime import timedelta

from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.audit.models import AuditEvent
from accord.core.errors import InvitationError
from accord.core.invitations import (
    open_organization_invitation,
    organization_invitation_accept,
    organization_invitation_create,
    organization_invitation_mail,
    organization_invitation_resend,
    partnership_invitation_accept,
    partnership_invitation_create,
    partnership_invitation_revoke,
)
from accord.core.models import Membership, OrganizationInvitation, Party, TeamMember
from accord.core.services import membership_change_role, membership_remove, partnership_create
from tests.base import AccordTestCase, mailed_token, run_queued_jobs


class PartnershipInvitationTests(AccordTestCase):
    def invite(self):
        return partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )

    def test_api_flow_invite_then_accept(self):
        # The second party is invited directly; a further one is proposed (test_proposals).
        solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")
        response = self.api("post", f"/partnerships/{solo.pk}/invitations", self.alice)
        self.assertEqual(response.status_code, 201, response.content)
        token = response.json()["token"]
        self.assertIn(token, response.json()["url"])
        response = self.api("post", f"/invitations/{token}/accept", self.olga, {"team": []})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["organization"]["slug"], "gamma")
        self.assertEqual(response.json()["team"][0]["user"]["email"], "olga@gamma.test")
        self.assertEqual(solo.parties.count(), 2)

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

    def test_the_link_is_minted_by_the_job_and_exists_only_in_the_email(self):
        invitation = self.invite()
        job = DBTaskResult.objects.get()
        # The job has ids only: nothing in the queue's table opens the invitation.
        self.assertEqual(job.args_kwargs["args"], [invitation.pk, 1])
        token = mailed_token("newbie@alpha.test")
        self.assertEqual(len(mail.outbox), 1)
        self.assertNotIn(token, json.dumps(DBTaskResult.objects.get().args_kwargs))
        self.assertEqual(open_organization_invitation(token).pk, invitation.pk)

    def test_the_inviter_gets_no_link_through_the_api(self):
        response = self.api(
            "post", "/organizations/alpha/invitations", self.amy, {"email": "n@alpha.test"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(set(response.json()), {"id", "email", "role", "expires_at"})
        self.assertNotIn("/join/", response.content.decode())

    def test_the_job_is_queued_in_the_transaction_of_the_invitation(self):
        with transaction.atomic():
            self.invite()
            # Written before the commit, not after it: a crash in between cannot lose it.
            self.assertEqual(DBTaskResult.objects.count(), 1)
            transaction.set_rollback(True)
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertFalse(OrganizationInvitation.objects.exists())

    def test_a_job_run_twice_sends_one_email(self):
        invitation = self.invite()
        run_queued_jobs()
        run_queued_jobs()
        self.assertFalse(organization_invitation_mail(invitation_id=invitation.pk, generation=1))
        self.assertEqual(len(mail.outbox), 1)

    def test_resending_mails_a_fresh_link_and_kills_the_old_one(self):
        invitation = self.invite()
        old = mailed_token("newbie@alpha.test")
        organization_invitation_resend(invitation=invitation, actor=self.amy)
        new = mailed_token("newbie@alpha.test")
        self.assertEqual(len(mail.outbox), 2)
        self.assertNotEqual(old, new)
        with self.assertRaisesMessage(InvitationError, "not valid"):
            open_organization_invitation(old)
        self.assertEqual(open_organization_invitation(new).pk, invitation.pk)

    def test_a_job_superseded_by_a_resend_sends_nothing(self):
        invitation = self.invite()
        organization_invitation_resend(invitation=invitation, actor=self.amy)
        run_queued_jobs()
        self.assertEqual(len(mail.outbox), 1)

    def test_a_newcomer_creates_an_account_by_accepting(self):
        self.invite(role="viewer")
        token = mailed_token("newbie@alpha.test")
        membership = organization_invitation_accept(token=token, password="long-enough-pass-42")
        self.assertEqual(membership.role, "viewer")
        self.assertTrue(membership.user.check_password("long-enough-pass-42"))

    def test_a_weak_password_is_refused_and_nothing_is_created(self):
        from django.core.exceptions import ValidationError

        self.invite()
        token = mailed_token("newbie@alpha.test")
        with self.assertRaises(ValidationError):
            organization_invitation_accept(token=token, password="123")
        self.assertFalse(Membership.objects.filter(user__email="newbie@alpha.test").exists())
        self.assertTrue(OrganizationInvitation.objects.get().is_open)

    def test_a_signed_in_user_must_be_the_invited_one(self):
        self.invite(email="olga@gamma.test")
        token = mailed_token("olga@gamma.test")
        with self.assertRaisesMessage(InvitationError, "olga@gamma.test"):
            organization_invitation_accept(token=token, user=self.bob)
        organization_invitation_accept(token=token, user=self.olga)
        self.assertTrue(Membership.objects.filter(user=self.olga, organization=self.alpha).exists())

    def test_join_page_creates_the_account_and_signs_in(self):
        self.invite()
        token = mailed_token("newbie@alpha.test")
        response = self.client.post(
            f"/join/{token}/", {"full_name": "New Bie", "password": "long-enough-pass-42"}
        )
        self.assertRedirects(response, "/orgs/alpha/")
        # Signed in: the account page (the API takes tokens only) is theirs.
        self.assertContains(self.client.get("/account/"), "newbie@alpha.test")

    def test_join_page_keeps_input_and_explains_a_weak_password(self):
        self.invite()
        token = mailed_token("newbie@alpha.test")
        response = self.client.post(f"/join/{token}/", {"full_name": "New Bie", "password": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "New Bie")
        self.assertContains(response, "too short")


class JoinPageSaysNothingAboutAccountsTests(AccordTestCase):
    """Whoever holds a join link learns nothing about whether the address has an account."""

    def page(self, email: str, data: dict | None = None) -> str:
        organization_invitation_create(
            organization=self.alpha, email=email, role="member", actor=self.amy
        )
        token = mailed_token(email)
        response = (
            self.client.post(f"/join/{token}/", data)
            if data
            else self.client.get(f"/join/{token}/")
        )
        self.assertEqual(response.status_code, 200)
        text = response.content.decode().replace(email, "EMAIL").replace(token, "TOKEN")
        return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", text)  # masked anew each time

    def test_the_page_is_the_same_for_an_existing_and_a_new_address(self):
        self.assertEqual(self.page("olga@gamma.test"), self.page("nobody@gamma.test"))

    def test_a_weak_password_is_answered_the_same(self):
        data = {"password": "1"}
        self.assertEqual(self.page("olga@gamma.test", data), self.page("nobody@gamma.test", data))

    def test_an_existing_address_is_refused_without_saying_it_exists(self):
        text = self.page("olga@gamma.test", {"password": "long-enough-pass-42"})
        self.assertIn("No account was created", text)
        self.assertIn("Sign in", text)
        self.assertNotIn("exists", text)
        self.assertFalse(self.olga.check_password("long-enough-pass-42"))
        self.assertFalse(Membership.objects.filter(user=self.olga, organization=self.alpha))


class InvitationRightsTests(AccordTestCase):
    def test_only_an_owner_invites_an_owner(self):
        from django.core.exceptions import ValidationError

        with self.assertRaisesMessage(ValidationError, "Only an owner"):
            organization_invitation_create(
                organization=self.alpha, email="x@alpha.test", role="owner", actor=self.amy
            )
        invitation = organization_invitation_create(
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


class InvitationsEndWithTheirMakersRightsTests(AccordTestCase):
    """An invitation is worth what its maker may still grant, at accept time and after."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tests.base import make_user

        cls.ada = make_user("ada@alpha.test", cls.alpha, "admin")

    def colleague_invitation(self, email="newbie@alpha.test"):
        organization_invitation_create(
            organization=self.alpha, email=email, role="member", actor=self.amy
        )
        return mailed_token(email)

    def test_accept_rechecks_that_the_inviter_is_still_an_admin(self):
        token = self.colleague_invitation()
        Membership.objects.filter(user=self.amy).update(role="member")  # behind the services
        with self.assertRaisesMessage(InvitationError, "may no longer grant"):
            organization_invitation_accept(token=token, password="long-enough-pass-42")
        self.assertFalse(Membership.objects.filter(user__email="newbie@alpha.test").exists())

    def test_accept_rechecks_that_only_an_owner_grants_owner(self):
        from tests.base import make_user

        make_user("otto@gamma.test", self.gamma, "owner")
        organization_invitation_create(
            organization=self.gamma, email="x@gamma.test", role="owner", actor=self.olga
        )
        token = mailed_token("x@gamma.test")
        Membership.objects.filter(user=self.olga).update(role="admin")
        with self.assertRaisesMessage(InvitationError, "may no longer grant"):
            organization_invitation_accept(token=token, password="long-enough-pass-42")

    def test_accept_rechecks_that_the_inviter_still_manages_the_inviting_party(self):
        _, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        TeamMember.objects.filter(user=self.alice).update(role="contributor")
        with self.assertRaisesMessage(InvitationError, "may no longer grant"):
            partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        self.assertFalse(Party.objects.filter(organization=self.gamma).exists())

    def test_demoting_an_admin_revokes_their_pending_invitations_with_events(self):
        token = self.colleague_invitation()
        partnership_invitation, link = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.amy
        )
        membership = Membership.objects.get(user=self.amy)
        membership_change_role(membership=membership, role="member", actor=self.ada)
        with self.assertRaisesMessage(InvitationError, "revoked"):
            organization_invitation_accept(token=token, password="long-enough-pass-42")
        with self.assertRaisesMessage(InvitationError, "revoked"):
            partnership_invitation_accept(token=link, organization=self.gamma, actor=self.olga)
        revoked = AuditEvent.objects.filter(action="invite_revoke", actor=self.ada)
        self.assertEqual(
            sorted(e.record_type for e in revoked),
            ["core.OrganizationInvitation", "core.PartnershipInvitation"],
        )
        event = revoked.get(record_type="core.PartnershipInvitation")
        self.assertEqual(event.private_to_id, self.alpha.pk)
        self.assertEqual(event.record_id, str(partnership_invitation.pk))

    def test_removing_an_admin_revokes_their_pending_invitations(self):
        token = self.colleague_invitation()
        membership_remove(membership=Membership.objects.get(user=self.amy), actor=self.ada)
        with self.assertRaisesMessage(InvitationError, "revoked"):
            organization_invitation_accept(token=token, password="long-enough-pass-42")

    def test_a_lead_who_stays_a_manager_keeps_their_partnership_invitation(self):
        _, link = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        membership_change_role(
            membership=Membership.objects.get(user=self.alice), role="admin", actor=self.ada
        )
        partnership_invitation_accept(token=link, organization=self.gamma, actor=self.olga)

    def test_an_owner_demoted_to_admin_loses_only_the_owner_invitations(self):
        from tests.base import make_user

        make_user("otto@gamma.test", self.gamma, "owner")
        for email, role in (("o@gamma.test", "owner"), ("m@gamma.test", "member")):
            organization_invitation_create(
                organization=self.gamma, email=email, role=role, actor=self.olga
            )
        membership = Membership.objects.get(user=self.olga)
        membership_change_role(membership=membership, role="admin", actor=self.olga)
        states = dict(OrganizationInvitation.objects.values_list("email", "revoked_at"))
        self.assertIsNotNone(states["o@gamma.test"])
        self.assertIsNone(states["m@gamma.test"])


class PartnershipInvitationEventsTests(AccordTestCase):
    def test_invitation_events_are_private_to_the_inviting_organization(self):
        invitation, _ = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice, note="x"
        )
        partnership_invitation_revoke(invitation=invitation, actor=self.alice)
        events = AuditEvent.objects.filter(record_id=str(invitation.pk), action__startswith="inv")
        self.assertEqual(
            sorted((e.action, e.private_to_id) for e in events),
            [("invite", self.alpha.pk), ("invite_revoke", self.alpha.pk)],
        )


class LeavingEveryOrganizationTests(AccordTestCase):
    def test_removing_a_member_from_their_last_organization_revokes_their_tokens(self):
        raw = self.token_for(self.ann)
        membership_remove(membership=Membership.objects.get(user=self.ann), actor=self.amy)
        self.assertEqual(
            self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code,
            401,
        )

    def test_a_member_of_another_organization_keeps_their_tokens(self):
        from accord.core.services import membership_set

        membership_set(organization=self.gamma, user=self.ann, role="member", actor=None)
        raw = self.token_for(self.ann)
        membership_remove(
            membership=Membership.objects.get(user=self.ann, organization=self.alpha),
            actor=self.amy,
        )
        self.assertEqual(
            self.client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code,
            200,
        )
