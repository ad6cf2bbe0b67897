"""Inviting a partner by email, following the invitation, and the invitee's way in (issue 9)."""

import json
from datetime import timedelta
from functools import partial

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accord.audit.models import AuditEvent
from accord.core.errors import InvitationError
from accord.core.invitations import (
    SIGNUPS_PER_INVITATION_PER_HOUR,
    invitation_signup,
    open_partnership_invitation,
    partnership_invitation_link,
    partnership_invitation_mail,
    partnership_invitation_resend,
    partnership_invitation_revoke,
    partnership_invite,
)
from accord.core.models import (
    InvitationSignup,
    InvitationStatus,
    Membership,
    Organization,
    PartnershipInvitation,
    Party,
    TeamMember,
)
from accord.core.services import partnership_create
from tests.base import PASSWORD, AccordTestCase, mailed_token, run_queued_jobs

NASTY = '<script>alert("x")</script> {{ 7*7 }} %s'


class InviteByEmailTests(AccordTestCase):
    def invite(self, email: str = "dana@delta.test", **fields) -> PartnershipInvitation:
        return partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name=fields.pop("name", "Dana"),
            email=email,
            **fields,
        )

    def status(self, invitation: PartnershipInvitation) -> str:
        return PartnershipInvitation.objects.get(pk=invitation.pk).status

    def test_the_link_is_mailed_by_the_worker_and_the_job_holds_ids_only(self):
        invitation = self.invite(note="As discussed")
        self.assertEqual(mail.outbox, [])
        self.assertEqual(self.status(invitation), InvitationStatus.QUEUED)
        job = DBTaskResult.objects.get()
        self.assertEqual(job.args_kwargs["args"], [invitation.pk, 1])
        token = mailed_token("dana@delta.test", "/invitations/")
        self.assertEqual(open_partnership_invitation(token).pk, invitation.pk)
        self.assertNotIn(token, json.dumps(DBTaskResult.objects.get().args_kwargs))
        self.assertNotIn(token, PartnershipInvitation.objects.get(pk=invitation.pk).token_hash)
        body = mail.outbox[0].body
        self.assertIn("Alpha Energy", body)
        self.assertIn("Solar rollout", body)
        self.assertIn("As discussed", body)
        self.assertEqual(self.status(invitation), InvitationStatus.SENT)

    def test_the_mail_job_sends_once_when_run_twice(self):
        invitation = self.invite()
        self.assertTrue(partnership_invitation_mail(invitation_id=invitation.pk, generation=1))
        self.assertFalse(partnership_invitation_mail(invitation_id=invitation.pk, generation=1))
        self.assertEqual(len(mail.outbox), 1)

    def test_the_mail_job_of_a_missing_or_ended_invitation_sends_nothing(self):
        invitation = self.invite()
        partnership_invitation_revoke(invitation=invitation, actor=self.alice)
        run_queued_jobs()
        self.assertFalse(partnership_invitation_mail(invitation_id=999999, generation=1))
        self.assertEqual(mail.outbox, [])

    def test_resend_mints_a_new_link_and_kills_the_old_one(self):
        invitation = self.invite()
        first = mailed_token("dana@delta.test", "/invitations/")
        partnership_invitation_resend(invitation=invitation, actor=self.alice)
        second = mailed_token("dana@delta.test", "/invitations/")
        self.assertNotEqual(first, second)
        with self.assertRaisesMessage(InvitationError, "not valid"):
            open_partnership_invitation(first)
        self.assertEqual(open_partnership_invitation(second).pk, invitation.pk)
        self.assertEqual(len(mail.outbox), 2)

    def test_an_expired_invitation_can_be_resent(self):
        invitation = self.invite()
        PartnershipInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        self.assertEqual(self.status(invitation), InvitationStatus.EXPIRED)
        partnership_invitation_resend(invitation=invitation, actor=self.alice)
        token = mailed_token("dana@delta.test", "/invitations/")
        self.assertEqual(open_partnership_invitation(token).pk, invitation.pk)

    def test_a_revoked_or_accepted_invitation_is_not_resent(self):
        invitation = self.invite()
        partnership_invitation_revoke(invitation=invitation, actor=self.alice)
        with self.assertRaisesMessage(InvitationError, "revoked"):
            partnership_invitation_resend(invitation=invitation, actor=self.alice)
        self.assertEqual(self.status(invitation), InvitationStatus.REVOKED)

    def test_a_copied_link_replaces_the_mailed_one_even_before_the_worker_ran(self):
        invitation = self.invite()
        invitation, copied = partnership_invitation_link(invitation=invitation, actor=self.alice)
        run_queued_jobs()
        self.assertEqual(mail.outbox, [])  # generation 1 was superseded: never mailed
        self.assertEqual(open_partnership_invitation(copied).pk, invitation.pk)
        self.assertEqual(self.status(invitation), InvitationStatus.LINK)
        # Resending kills the copied link in turn.
        partnership_invitation_resend(invitation=invitation, actor=self.alice)
        mailed = mailed_token("dana@delta.test", "/invitations/")
        with self.assertRaisesMessage(InvitationError, "not valid"):
            open_partnership_invitation(copied)
        self.assertEqual(open_partnership_invitation(mailed).pk, invitation.pk)

    def test_bad_input_is_refused_and_nothing_is_made(self):
        for name, email, field in [
            ("", "dana@delta.test", "name"),
            ("   ", "dana@delta.test", "name"),
            ("Dana", "not an email", "email"),
            ("Dana", "dana@delta.test\nBcc: x@evil.test", "email"),
            ("Dana", "", "email"),
        ]:
            with self.subTest(name=name, email=email):
                with self.assertRaises(Exception) as caught:
                    self.invite(email=email, name=name)
                self.assertIn(field, caught.exception.message_dict)  # type: ignore[attr-defined]
        self.assertFalse(PartnershipInvitation.objects.exclude(invitee_email="").exists())
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_viewer_or_someone_without_the_right_cannot_invite(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            partnership_invite(
                partnership=self.partnership,
                inviting_party=self.party_a,
                actor=self.vic,
                name="Dana",
                email="dana@delta.test",
            )

    def test_every_event_is_private_to_the_inviting_organization(self):
        invitation = self.invite()
        partnership_invitation_resend(invitation=invitation, actor=self.alice)
        partnership_invitation_link(invitation=invitation, actor=self.alice)
        partnership_invitation_revoke(invitation=invitation, actor=self.alice)
        events = AuditEvent.objects.filter(
            record_id=str(invitation.pk), record_type="core.PartnershipInvitation"
        )
        self.assertEqual(
            sorted(events.values_list("action", flat=True)),
            ["invite", "invite_link", "invite_resend", "invite_revoke"],
        )
        self.assertEqual(set(events.values_list("private_to", flat=True)), {self.alpha.pk})


class InvitationsOnTheOverviewTests(AccordTestCase):
    def solo_page(self):
        """Alpha's partnership before anyone joined: its leads invite directly (with several
        parties, a further one is a proposal: test_proposals)."""
        return self.client.get(reverse("accord-partnership", args=[self.solo.pk]))

    def setUp(self) -> None:
        self.solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")

    def test_the_lead_invites_by_email_from_the_page_and_follows_each_state(self):
        self.client.force_login(self.alice)
        url = reverse("accord-partnership-invite", args=[self.solo.pk])
        response = self.client.post(
            url, {"name": "Dana", "email": "Dana@Delta.test", "note": "Hi"}, follow=True
        )
        self.assertContainsAll(
            response, "on its way to Dana", "dana@delta.test", "Waiting to be emailed"
        )
        token = mailed_token("dana@delta.test", "/invitations/")
        self.assertContains(self.solo_page(), "Sent")
        self.client.logout()
        self.client.get(f"/invitations/{token}/")
        self.client.force_login(self.alice)
        page = self.solo_page()
        self.assertContainsAll(page, "Opened", "Resend", "Copy link", "Revoke")

    def test_the_form_refuses_bad_input_clearly(self):
        self.client.force_login(self.alice)
        url = reverse("accord-partnership-invite", args=[self.solo.pk])
        response = self.client.post(url, {"name": "", "email": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "valid email address")
        self.assertContains(response, "This field is required")
        self.assertFalse(PartnershipInvitation.objects.filter(invitee_email="nope").exists())

    def test_nasty_names_are_shown_as_text_on_the_pages_and_in_the_email(self):
        invitation = partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name=NASTY,
            email="dana@delta.test",
            note=NASTY,
        )
        token = mailed_token("dana@delta.test", "/invitations/")
        self.assertIn(NASTY, mail.outbox[0].body)  # plain text: as typed
        for response in (
            self.page_as(self.alice, "accord-partnership"),
            self.client.get(f"/invitations/{token}/"),
        ):
            self.assertNotContains(response, "<script>alert")
            self.assertContains(response, "&lt;script&gt;alert")
            self.assertContains(response, "{{ 7*7 }}")
        self.assertEqual(invitation.invitee_name, NASTY)

    def test_copy_link_shows_a_new_link_once_with_no_store(self):
        invitation = partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name="Dana",
            email="dana@delta.test",
        )
        mailed = mailed_token("dana@delta.test", "/invitations/")
        self.client.force_login(self.alice)
        url = reverse(
            "accord-partnership-invitation-link", args=[self.partnership.pk, invitation.pk]
        )
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url)
        self.assertIn("no-store", response["Cache-Control"])
        link = response.context["link"]
        self.assertContains(response, "no longer works")
        self.assertNotIn(link, str(dict(self.client.session)))
        self.assertNotContains(self.page_as(self.alice, "accord-partnership"), link)
        self.assertEqual(self.client.get(f"/invitations/{mailed}/").status_code, 404)
        self.assertEqual(
            self.client.get(link.removeprefix("http://localhost:8000")).status_code, 200
        )

    def test_the_other_party_and_outsiders_neither_see_nor_touch_alphas_invitations(self):
        invitation = partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name="Dana Secret",
            email="dana@delta.test",
        )
        # Beta's admin manages the partnership too, but not Alpha's invitations.
        page = self.page_as(self.bea, "accord-partnership")
        self.assertNotContains(page, "Dana Secret")
        self.assertNotContains(page, "dana@delta.test")
        for name in (
            "accord-partnership-invitation-revoke",
            "accord-partnership-invitation-resend",
            "accord-partnership-invitation-link",
        ):
            for user, status in ((self.bea, 404), (self.olga, 404), (self.vic, 403)):
                with self.subTest(route=name, user=user.email):
                    self.client.force_login(user)
                    url = reverse(name, args=[self.partnership.pk, invitation.pk])
                    self.assertEqual(self.client.post(url).status_code, status)
        self.assertEqual(
            invitation.status, PartnershipInvitation.objects.get(pk=invitation.pk).status
        )
        # Nor does Beta's history show them.
        history = self.page_as(self.bea, "accord-partnership-history")
        self.assertNotContains(history, "dana@delta.test")
        self.assertNotContains(history, "Dana Secret")


class SignUpFromAnInvitationTests(AccordTestCase):
    def setUp(self) -> None:
        self.invitation = partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name="Dana Reyes",
            email="dana@delta.test",
            note="As discussed on Monday",
        )
        self.token = mailed_token("dana@delta.test", "/invitations/")
        self.url = f"/invitations/{self.token}/"

    def sign_up(self, email: str = "dana@delta.test", password: str = PASSWORD):
        data = {"full_name": "Dana Reyes", "email": email, "password": password}
        return self.client.post(f"{self.url}signup/", data)

    def test_signed_out_the_page_says_who_invites_whom_to_what_and_offers_both_ways(self):
        response = self.client.get(self.url)
        self.assertContainsAll(
            response,
            "Alpha Energy",
            "Solar rollout",
            "Dana Reyes",
            "As discussed on Monday",
            "Sign in",
            "Create my account",
        )
        self.assertNotContains(response, "dana@delta.test")  # the address is not shown
        self.assertIn("no-store", response["Cache-Control"])
        opened = PartnershipInvitation.objects.get(pk=self.invitation.pk)
        self.assertEqual(opened.status, InvitationStatus.OPENED)
        first_opened = opened.opened_at
        self.client.get(self.url)
        self.assertEqual(
            PartnershipInvitation.objects.get(pk=self.invitation.pk).opened_at, first_opened
        )

    def test_happy_path_sign_up_create_the_organization_and_land_in_the_partnership(self):
        response = self.sign_up()
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        page = self.client.get(self.url)
        self.assertContains(page, "Bring your organization in")
        response = self.client.post(f"{self.url}new-organization/", {"name": "Delta Works"})
        self.assertRedirects(response, reverse("accord-partnership", args=[self.partnership.pk]))
        delta = Organization.objects.get(name="Delta Works")
        dana = Membership.objects.get(organization=delta).user
        self.assertEqual(dana.email, "dana@delta.test")
        self.assertEqual(Membership.objects.get(organization=delta).role, "owner")
        party = Party.objects.get(partnership=self.partnership, organization=delta)
        self.assertEqual(TeamMember.objects.get(party=party).role, "lead")
        self.assertEqual(party.invited_by, self.party_a)
        overview = self.client.get(reverse("accord-partnership", args=[self.partnership.pk]))
        self.assertContainsAll(overview, "what you can do here", "Got it, hide this")
        dismiss = reverse("accord-partnership-welcome-dismiss", args=[self.partnership.pk])
        self.client.post(dismiss)
        overview = self.client.get(reverse("accord-partnership", args=[self.partnership.pk]))
        self.assertNotContains(overview, "what you can do here")
        self.assertEqual(
            PartnershipInvitation.objects.get(pk=self.invitation.pk).status,
            InvitationStatus.ACCEPTED,
        )
        self.assertContains(self.page_as(self.alice, "accord-partnership"), "Delta Works joined")

    def test_another_address_is_confirmed_by_email_before_any_account_exists(self):
        response = self.sign_up(email="dana.private@home.test")
        self.assertContains(response, "Check your mailbox")
        self.assertFalse(Membership.objects.filter(user__email="dana.private@home.test").exists())
        from accord.accounts.models import User

        self.assertFalse(User.objects.filter(email="dana.private@home.test").exists())
        signup = InvitationSignup.objects.get()
        self.assertNotIn(PASSWORD, signup.password)
        queued = [job.args_kwargs["args"] for job in DBTaskResult.objects.all()]
        self.assertIn([signup.pk], queued)
        confirm = mailed_token("dana.private@home.test", "/signup/")
        page = self.client.get(f"/signup/{confirm}/")
        self.assertContains(page, "Confirm and continue")
        self.assertFalse(User.objects.filter(email="dana.private@home.test").exists())
        response = self.client.post(f"/signup/{confirm}/")
        continued = reverse("accord-invitation-confirmed", args=[signup.pk])
        self.assertRedirects(response, continued, fetch_redirect_response=False)
        made = User.objects.get(email="dana.private@home.test")
        self.assertTrue(made.check_password(PASSWORD))
        self.assertEqual(int(self.client.session["_auth_user_id"]), made.pk)
        self.assertContains(self.client.get(continued), "Bring your organization in")
        response = self.client.post(f"{continued}new-organization/", {"name": "Delta Works"})
        self.assertRedirects(response, reverse("accord-partnership", args=[self.partnership.pk]))
        # The confirmation link works once; the continuation is no one else's.
        self.assertEqual(self.client.post(f"/signup/{confirm}/").status_code, 404)
        self.client.force_login(self.olga)
        self.assertEqual(self.client.get(continued).status_code, 404)

    def test_a_copied_link_proves_no_mailbox_even_with_the_invited_address(self):
        _, copied = partnership_invitation_link(invitation=self.invitation, actor=self.alice)
        response = self.client.post(
            f"/invitations/{copied}/signup/",
            {"full_name": "Dana", "email": "dana@delta.test", "password": PASSWORD},
        )
        self.assertContains(response, "Check your mailbox")
        self.assertEqual(InvitationSignup.objects.count(), 1)

    def test_a_resent_or_revoked_invitation_ends_a_pending_confirmation(self):
        self.sign_up(email="dana.private@home.test")
        confirm = mailed_token("dana.private@home.test", "/signup/")
        partnership_invitation_resend(invitation=self.invitation, actor=self.alice)
        response = self.client.get(f"/signup/{confirm}/")
        self.assertContains(response, "replaced by a newer link", status_code=404)
        self.assertEqual(self.client.post(f"/signup/{confirm}/").status_code, 404)

    def test_an_existing_address_gets_the_neutral_refusal_and_no_second_account(self):
        response = self.sign_up(email="dana@delta.test")
        self.client.logout()
        # Resent: the same address again, with the new mailed link.
        partnership_invitation_resend(invitation=self.invitation, actor=self.alice)
        token = mailed_token("dana@delta.test", "/invitations/")
        response = self.client.post(
            f"/invitations/{token}/signup/",
            {"full_name": "X", "email": "dana@delta.test", "password": PASSWORD},
        )
        self.assertContains(response, "No account was created with this link")
        self.assertNotContains(response, "already exists")

    def test_a_weak_password_is_refused_before_anything(self):
        response = self.sign_up(password="123")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "too short")
        response = self.sign_up(email="other@home.test", password="123")
        self.assertContains(response, "too short")
        self.assertFalse(InvitationSignup.objects.exists())

    def test_confirmation_emails_are_throttled_per_invitation(self):
        for n in range(SIGNUPS_PER_INVITATION_PER_HOUR):
            invitation_signup(
                invitation=self.invitation, email=f"p{n}@x.test", password=PASSWORD, full_name=""
            )
        response = self.sign_up(email="one-more@x.test")
        self.assertContains(response, "Too many confirmation emails")
        self.assertEqual(InvitationSignup.objects.count(), SIGNUPS_PER_INVITATION_PER_HOUR)

    def test_expired_and_revoked_links_say_so(self):
        PartnershipInvitation.objects.filter(pk=self.invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        self.assertContains(self.client.get(self.url), "expired", status_code=404)
        self.assertEqual(self.sign_up().status_code, 404)
        partnership_invitation_resend(invitation=self.invitation, actor=self.alice)
        token = mailed_token("dana@delta.test", "/invitations/")
        partnership_invitation_revoke(invitation=self.invitation, actor=self.alice)
        self.assertContains(self.client.get(f"/invitations/{token}/"), "revoked", status_code=404)

    def test_the_wrong_person_signed_in_is_told_and_cannot_join_twice(self):
        self.client.force_login(self.amy)  # Alpha's admin: Alpha already takes part
        page = self.client.get(self.url)
        self.assertContainsAll(page, "sent to Dana Reyes", "Alpha Energy already takes part")
        self.assertNotContains(page, "Join with an organization you administer")
        # A member who administers nothing may still bring a new organization in.
        self.client.force_login(self.bob)
        page = self.client.get(self.url)
        self.assertContains(page, "an owner or admin of it must accept")
        response = self.client.post(self.url, {"organization": self.beta.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.partnership.parties.count(), 2)

    def test_creating_the_organization_with_a_bad_name_changes_nothing(self):
        self.sign_up()
        for name in ("", "   ", "x" * 151):
            with self.subTest(name=name):
                response = self.client.post(
                    f"{self.url}new-organization/", {"name": name}, follow=True
                )
                self.assertEqual(response.status_code, 200)
        self.assertFalse(Organization.objects.exclude(slug__in=["alpha", "beta", "gamma"]).exists())

    def test_a_refused_join_leaves_no_organization_behind(self):
        self.sign_up()
        partnership_invitation_revoke(invitation=self.invitation, actor=self.alice)
        response = self.client.post(f"{self.url}new-organization/", {"name": "Delta Works"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Organization.objects.filter(name="Delta Works").exists())

    @override_settings(OPEN_SIGNUP=False)
    def test_an_invitation_creates_the_organization_even_with_open_signup_off(self):
        self.sign_up()
        self.client.post(f"{self.url}new-organization/", {"name": "Delta Works"})
        self.assertTrue(Party.objects.filter(organization__name="Delta Works").exists())


class OrganizationsFromTheWebTests(AccordTestCase):
    def test_any_signed_in_user_creates_an_organization_and_becomes_its_owner(self):
        self.client.force_login(self.bob)
        listing = self.client.get(reverse("accord-orgs"))
        self.assertContainsAll(listing, "Beta Solar", "Create an organization", 'href="/orgs/"')
        response = self.client.post(reverse("accord-org-new"), {"name": "Bob's Garage"})
        org = Organization.objects.get(name="Bob's Garage")
        self.assertRedirects(response, reverse("accord-org", args=[org.slug]))
        self.assertEqual(Membership.objects.get(organization=org).role, "owner")

    def test_bad_names_are_refused(self):
        self.client.force_login(self.bob)
        for name in ("", "x" * 151, "a\x00b"):
            with self.subTest(name=name):
                response = self.client.post(reverse("accord-org-new"), {"name": name})
                self.assertEqual(response.status_code, 200)
        self.assertEqual(Organization.objects.count(), 3)

    def test_the_slug_new_is_never_given_to_an_organization(self):
        self.client.force_login(self.bob)
        self.client.post(reverse("accord-org-new"), {"name": "New"})
        self.assertEqual(Organization.objects.get(name="New").slug, "new-2")

    @override_settings(OPEN_SIGNUP=False)
    def test_with_open_signup_off_the_link_is_hidden_and_the_page_refuses(self):
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get(reverse("accord-orgs")), "Create an organization")
        response = self.client.post(reverse("accord-org-new"), {"name": "Nope"})
        self.assertContains(response, "open sign-up off", status_code=403)
        self.assertFalse(Organization.objects.filter(name="Nope").exists())

    def test_signed_out_it_asks_to_sign_in(self):
        response = self.client.get(reverse("accord-org-new"))
        self.assertEqual(response.status_code, 302)


class InvitationApiTests(AccordTestCase):
    """On Alpha's partnership before anyone joined: with several parties, inviting a further
    organization is a proposal (test_proposals)."""

    def setUp(self) -> None:
        self.solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")

    def path(self, tail: str = "", partnership=None) -> str:
        return f"/partnerships/{(partnership or self.solo).pk}/invitations{tail}"

    def test_with_several_parties_a_further_one_is_proposed(self):
        body = {"name": "Dana", "email": "dana@delta.test"}
        response = self.api("post", self.path(partnership=self.partnership), self.alice, body)
        self.assertEqual(response.status_code, 409, response.content)
        self.assertEqual(response.json()["code"], "proposal_required")
        self.assertFalse(
            PartnershipInvitation.objects.filter(invitee_email="dana@delta.test").exists()
        )

    def test_create_by_email_answers_no_link_and_the_worker_mails_it(self):
        response = self.api(
            "post", self.path(), self.alice, {"name": "Dana", "email": "dana@delta.test"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["status"], "queued")
        self.assertIsNone(body["url"])
        self.assertIsNone(body["token"])
        self.assertNotIn("/invitations/", response.content.decode().replace("/invitations/{", ""))
        mailed_token("dana@delta.test", "/invitations/")
        listed = self.api_list(self.path(), self.alice)
        self.assertEqual([i["status"] for i in listed if i["invitee_email"]], ["sent"])

    def test_create_without_email_answers_the_link_once_as_before(self):
        response = self.api("post", self.path(), self.alice, {"note": "by hand"})
        self.assertEqual(response.status_code, 201)
        self.assertIn(response.json()["token"], response.json()["url"])
        self.assertEqual(response.json()["status"], "link")

    def test_a_name_without_an_email_or_a_bad_email_is_refused(self):
        for body, field in (
            ({"name": "Dana"}, "email"),
            ({"name": "Dana", "email": "nope"}, "email"),
            ({"name": "", "email": "dana@delta.test"}, "name"),
            ({"name": "a\x00b", "email": "dana@delta.test"}, "name"),
            ({"name": "x" * 151, "email": "dana@delta.test"}, "name"),
        ):
            with self.subTest(body=body):
                response = self.api("post", self.path(), self.alice, body)
                self.assertIn(response.status_code, (400, 422), response.content)
                self.assertIn(field, json.dumps(response.json()["errors"]))
        self.assertFalse(PartnershipInvitation.objects.exclude(invitee_email="").exists())

    def test_resend_link_and_revoke(self):
        made = self.api(
            "post", self.path(), self.alice, {"name": "Dana", "email": "dana@delta.test"}
        )
        pk = made.json()["id"]
        resent = self.api("post", self.path(f"/{pk}/resend"), self.alice, {})
        self.assertEqual(resent.status_code, 200, resent.content)
        link = self.api("post", self.path(f"/{pk}/link"), self.alice, {})
        self.assertEqual(link.status_code, 201)
        token = link.json()["token"]
        self.assertEqual(open_partnership_invitation(token).pk, pk)
        run_queued_jobs()
        self.assertEqual(mail.outbox, [])  # both emails were superseded before the worker ran
        self.assertEqual(self.api("delete", self.path(f"/{pk}"), self.alice).status_code, 204)
        again = self.api("delete", self.path(f"/{pk}"), self.alice)
        self.assertEqual(again.status_code, 400)
        self.assertEqual(again.json()["code"], "invitation_invalid")

    def test_another_party_cannot_list_or_touch_alphas_invitations(self):
        pk = partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name="Dana",
            email="dana@delta.test",
        ).pk
        path = partial(self.path, partnership=self.partnership)
        self.assertEqual(self.api_list(path(), self.bea), [])
        for method, tail in (("post", "/resend"), ("post", "/link"), ("delete", "")):
            with self.subTest(method=method, tail=tail):
                self.assertEqual(
                    self.api(method, path(f"/{pk}{tail}"), self.bea, {}).status_code, 404
                )
                self.assertEqual(
                    self.api(method, path(f"/{pk}{tail}"), self.olga, {}).status_code, 404
                )

    def test_an_idempotent_retry_makes_one_invitation_and_one_email(self):
        body = json.dumps({"name": "Dana", "email": "dana@delta.test"})
        headers = {
            "Authorization": f"Bearer {self.token_for(self.alice)}",
            "Idempotency-Key": "invite-dana",
        }
        url = f"/api/v1{self.path()}"
        first = self.client.post(url, body, content_type="application/json", headers=headers)
        second = self.client.post(url, body, content_type="application/json", headers=headers)
        self.assertEqual(first.status_code, 201)
        self.assertEqual(second["Idempotent-Replayed"], "true")
        self.assertEqual(first.json(), second.json())
        self.assertEqual(
            PartnershipInvitation.objects.filter(invitee_email="dana@delta.test").count(), 1
        )
        run_queued_jobs()
        self.assertEqual(len(mail.outbox), 1)


class NoOrganizationYetTests(AccordTestCase):
    def test_someone_in_no_organization_is_offered_to_create_one(self):
        from accord.accounts.services import user_create

        lone = user_create(email="lone@nowhere.test", password=PASSWORD)
        self.client.force_login(lone)
        page = self.client.get(reverse("accord-partnerships"))
        self.assertContains(page, "Create your organization")
        with self.settings(OPEN_SIGNUP=False):
            page = self.client.get(reverse("accord-partnerships"))
        self.assertNotContains(page, "Create your organization")
        page = self.client.get(reverse("accord-partnership-new"))
        self.assertContains(page, "create yours")
        with self.settings(OPEN_SIGNUP=False):
            page = self.client.get(reverse("accord-partnership-new"))
        self.assertContains(page, "accept an invitation")


class InvitationPageDetailsTests(AccordTestCase):
    def setUp(self) -> None:
        partnership_invite(
            partnership=self.partnership,
            inviting_party=self.party_a,
            actor=self.alice,
            name="Olga",
            email="olga@gamma.test",
        )
        self.url = f"/invitations/{mailed_token('olga@gamma.test', '/invitations/')}/"

    def test_signing_in_comes_back_to_the_invitation(self):
        page = self.client.get(self.url)
        self.assertContains(page, f"/login/?next={self.url}")

    def test_the_welcome_panel_is_dismissed_in_place_with_htmx(self):
        self.client.force_login(self.olga)
        self.client.post(self.url, {"organization": self.gamma.pk})
        dismiss = reverse("accord-partnership-welcome-dismiss", args=[self.partnership.pk])
        response = self.client.post(dismiss, headers={"HX-Request": "true"})
        self.assertEqual(response.content, b"")
        self.assertNotContains(self.page_as(self.olga, "accord-partnership"), "what you can do")
        # Only the one who accepted is welcomed.
        self.assertNotContains(self.page_as(self.bob, "accord-partnership"), "what you can do")

    def test_unconfirmed_sign_ups_are_forgotten_once_expired(self):
        invitation = open_partnership_invitation(self.url.split("/")[2])
        invitation_signup(invitation=invitation, email="a@x.test", password=PASSWORD, full_name="")
        InvitationSignup.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        invitation_signup(invitation=invitation, email="b@x.test", password=PASSWORD, full_name="")
        run_queued_jobs()
        self.assertEqual(
            list(InvitationSignup.objects.values_list("email", flat=True)), ["b@x.test"]
        )


class ServiceBoundsTests(AccordTestCase):
    """Callers other than the forms (a later proposal, the CLI) get the same clear refusals."""

    def test_overlong_or_nul_texts_are_refused_by_the_service(self):
        from django.core.exceptions import ValidationError

        base = {"name": "Dana", "email": "dana@delta.test", "note": ""}
        for field, value in (
            ("name", "x" * 151),
            ("name", "Da\x00na"),
            ("note", "n" * 201),
            ("email", "d" * 250 + "@x.test"),
        ):
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                partnership_invite(
                    partnership=self.partnership,
                    inviting_party=self.party_a,
                    actor=self.alice,
                    **{**base, field: value},
                )
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(PartnershipInvitation.objects.exclude(invitee_email="").exists())
