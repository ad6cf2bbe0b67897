from django.core import mail

from accord.audit.models import AuditEvent
from accord.core.models import Membership, OrganizationInvitation, TeamMember
from tests.base import AccordTestCase, mailed_token, run_queued_jobs


class OrganizationPageTests(AccordTestCase):
    def test_members_see_the_member_list(self):
        self.client.force_login(self.vic)
        response = self.client.get("/orgs/alpha/")
        for email in ("amy@alpha.test", "alice@alpha.test", "ann@alpha.test"):
            self.assertContains(response, email)

    def test_only_admins_see_pending_invitations(self):
        from accord.core.invitations import organization_invitation_create

        organization_invitation_create(
            organization=self.alpha, email="pending@alpha.test", role="member", actor=self.amy
        )
        self.client.force_login(self.alice)
        self.assertNotContains(self.client.get("/orgs/alpha/"), "pending@alpha.test")
        self.client.force_login(self.amy)
        self.assertContains(self.client.get("/orgs/alpha/"), "pending@alpha.test")

    def test_admin_invites_a_colleague_and_the_email_goes_out(self):
        self.client.force_login(self.amy)
        response = self.client.post(
            "/orgs/alpha/invite/", {"email": "Newbie@Alpha.test", "role": "viewer"}, follow=True
        )
        # The inviter is told it was emailed, and never sees the link.
        self.assertContains(response, "Invitation emailed to newbie@alpha.test")
        self.assertNotContains(response, "/join/")
        self.assertNotIn("/join/", str(dict(self.client.session)))
        invitation = OrganizationInvitation.objects.get()
        self.assertEqual((invitation.email, invitation.role), ("newbie@alpha.test", "viewer"))
        self.assertEqual(run_queued_jobs(), 1)
        self.assertEqual(mail.outbox[0].to, ["newbie@alpha.test"])
        self.assertIn("/join/", mail.outbox[0].body)

    def test_admin_resends_an_invitation_from_the_organization_page(self):
        self.client.force_login(self.amy)
        self.client.post("/orgs/alpha/invite/", {"email": "n@alpha.test", "role": "member"})
        old = mailed_token("n@alpha.test")
        invitation = OrganizationInvitation.objects.get()
        self.assertContains(self.client.get("/orgs/alpha/"), "Resend")
        response = self.client.post(f"/orgs/alpha/invitations/{invitation.pk}/resend/", follow=True)
        self.assertContains(response, "A new link is on its way to n@alpha.test")
        self.assertNotEqual(mailed_token("n@alpha.test"), old)
        self.client.logout()
        self.assertEqual(self.client.get(f"/join/{old}/").status_code, 404)

    def test_invite_form_explains_bad_input(self):
        self.client.force_login(self.amy)
        response = self.client.post(
            "/orgs/alpha/invite/", {"email": "alice@alpha.test", "role": "member"}
        )
        self.assertContains(response, "already a member")
        response = self.client.post("/orgs/alpha/invite/", {"email": "nope", "role": "boss"})
        self.assertContains(response, "Enter a valid email address")
        self.assertContains(response, "Select a valid choice")
        self.assertFalse(OrganizationInvitation.objects.exists())


class MemberManagementTests(AccordTestCase):
    def membership(self, user):
        return Membership.objects.get(organization=self.alpha, user=user)

    def test_admin_changes_a_role_and_it_is_audited(self):
        self.client.force_login(self.amy)
        self.client.post(
            f"/orgs/alpha/members/{self.membership(self.ann).pk}/role/", {"role": "viewer"}
        )
        self.assertEqual(self.membership(self.ann).role, "viewer")
        event = AuditEvent.objects.filter(organization=self.alpha).latest("seq")
        self.assertEqual(
            (event.action, event.changes), ("member_role", {"role": ["member", "viewer"]})
        )

    def test_only_owners_make_owners(self):
        response = self.api(
            "patch",
            f"/organizations/alpha/members/{self.membership(self.ann).pk}",
            self.amy,
            {"role": "owner"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.membership(self.ann).role, "member")

    def test_removing_a_member_takes_them_off_every_team(self):
        response = self.api(
            "delete", f"/organizations/alpha/members/{self.membership(self.vic).pk}", self.amy
        )
        self.assertEqual(response.status_code, 204)
        self.assertFalse(TeamMember.objects.filter(user=self.vic).exists())
        self.assertEqual(
            self.api("get", f"/partnerships/{self.partnership.pk}", self.vic).status_code, 404
        )
        event = AuditEvent.objects.filter(partnership=self.partnership).latest("seq")
        self.assertEqual(event.changes, {"team": ["vic@alpha.test", None]})

    def test_the_last_owner_stays(self):
        owner = Membership.objects.get(organization=self.gamma, user=self.olga)
        response = self.api("delete", f"/organizations/gamma/members/{owner.pk}", self.olga)
        self.assertEqual(response.status_code, 400)
        self.assertIn("at least one owner", response.json()["errors"][0]["message"])

    def test_members_list_is_visible_to_members_only(self):
        self.assertEqual(len(self.api_list("/organizations/alpha/members", self.vic)), 4)
        self.assertEqual(self.api("get", "/organizations/alpha/members", self.bob).status_code, 404)

    def test_admins_are_not_offered_to_change_owners(self):
        from accord.core.services import membership_set

        membership_set(organization=self.alpha, user=self.alice, role="owner", actor=None)
        owner_row = f"/orgs/alpha/members/{self.membership(self.alice).pk}/"
        self.client.force_login(self.amy)  # an admin
        page = self.client.get("/orgs/alpha/").content.decode()
        self.assertNotIn(owner_row, page)
        self.assertNotIn('value="owner"', page)
        self.client.force_login(self.alice)  # an owner
        page = self.client.get("/orgs/alpha/").content.decode()
        self.assertIn(owner_row, page)
        self.assertIn('value="owner"', page)


class OrganizationInvitationRevokeTests(AccordTestCase):
    def test_admin_revokes_a_pending_invitation_and_the_link_stops_working(self):
        from accord.core.invitations import organization_invitation_create

        invitation = organization_invitation_create(
            organization=self.alpha, email="late@alpha.test", role="member", actor=self.amy
        )
        token = mailed_token("late@alpha.test")
        self.client.force_login(self.amy)
        response = self.client.post(f"/orgs/alpha/invitations/{invitation.pk}/revoke/", follow=True)
        self.assertContains(response, "no longer works")
        self.assertNotContains(response, "late@alpha.test</td>")
        self.client.logout()
        self.assertContains(self.client.get(f"/join/{token}/"), "revoked", status_code=404)
        event = AuditEvent.objects.filter(organization=self.alpha).latest("seq")
        self.assertEqual(event.action, "invite_revoke")

    def test_revoking_twice_is_refused_through_the_api(self):
        from accord.core.invitations import organization_invitation_create

        invitation = organization_invitation_create(
            organization=self.alpha, email="late@alpha.test", role="member", actor=self.amy
        )
        url = f"/organizations/alpha/invitations/{invitation.pk}"
        self.assertEqual(self.api("delete", url, self.amy).status_code, 204)
        response = self.api("delete", url, self.amy)
        self.assertEqual(response.status_code, 400)
        self.assertIn("already been revoked", response.json()["detail"])
