from django.core import mail

from accord.core.models import OrganizationInvitation
from tests.base import AccordTestCase, run_queued_jobs


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
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                "/orgs/alpha/invite/", {"email": "Newbie@Alpha.test", "role": "viewer"}
            )
        self.assertContains(response, "/join/")
        invitation = OrganizationInvitation.objects.get()
        self.assertEqual((invitation.email, invitation.role), ("newbie@alpha.test", "viewer"))
        self.assertEqual(run_queued_jobs(), 1)
        self.assertEqual(mail.outbox[0].to, ["newbie@alpha.test"])

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
