"""Leads: who commits each party, chosen by its organization's owners and admins."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.access import partnership_access
from accord.core.models import Membership, TeamMember, TeamRole
from accord.core.services import (
    membership_remove,
    team_member_change_role,
    team_member_remove,
    team_member_set,
)
from tests.base import AccordTestCase


class BindingRightsTests(AccordTestCase):
    def test_leads_and_admins_commit_their_party_and_no_other(self):
        expected = {
            "amy": [self.party_a],  # Alpha's admin, off the team
            "alice": [self.party_a],  # Alpha's lead
            "vic": [],  # Alpha's viewer, on the team
            "bea": [self.party_b],  # Beta's admin and lead
            "bob": [],  # Beta's contributor
        }
        for name, parties in expected.items():
            with self.subTest(user=name):
                grant = partnership_access(getattr(self, name), self.partnership.pk)
                self.assertEqual([p for p in grant.parties if grant.may_bind(p)], parties)
                self.assertEqual(grant.can_bind, bool(parties))

    def test_a_contributor_needing_to_bind_is_told_why_not(self):
        grant = partnership_access(self.bob, self.partnership.pk)
        with self.assertRaisesMessage(PermissionDenied, "you may propose and comment"):
            grant.acting_party(need="bind")
        with self.assertRaises(PermissionDenied):
            partnership_access(self.bob, self.partnership.pk, "bind")


class LeadServiceTests(AccordTestCase):
    def test_only_the_organizations_admins_make_or_unmake_a_lead(self):
        with self.assertRaisesMessage(PermissionDenied, "Only an owner or admin of Alpha Energy"):
            team_member_set(party=self.party_a, user=self.ann, role=TeamRole.LEAD, actor=self.alice)
        self.assertFalse(TeamMember.objects.filter(user=self.ann).exists())
        seat = team_member_set(
            party=self.party_a, user=self.ann, role=TeamRole.CONTRIBUTOR, actor=self.alice
        )
        with self.assertRaises(PermissionDenied):
            team_member_change_role(seat=seat, role=TeamRole.LEAD, actor=self.alice)
        team_member_change_role(seat=seat, role=TeamRole.LEAD, actor=self.amy)
        event = AuditEvent.objects.filter(action="team_role").latest("seq")
        self.assertEqual(
            (event.actor, event.changes), (self.amy, {"role": ["contributor", "lead"]})
        )
        alice = TeamMember.objects.get(user=self.alice)
        with self.assertRaises(PermissionDenied):  # a lead does not unmake a lead either
            team_member_change_role(seat=alice, role=TeamRole.SPONSOR, actor=self.ann)
        team_member_change_role(seat=alice, role=TeamRole.SPONSOR, actor=self.amy)
        self.assertEqual(TeamMember.objects.get(user=self.alice).role, TeamRole.SPONSOR)

    def test_the_last_lead_stays_until_another_is_made(self):
        alice = TeamMember.objects.get(user=self.alice)
        with self.assertRaisesMessage(ValidationError, "alice@alpha.test is the last lead"):
            team_member_change_role(seat=alice, role=TeamRole.CONTRIBUTOR, actor=self.amy)
        with self.assertRaisesMessage(ValidationError, "make someone else lead first"):
            team_member_remove(seat=alice, actor=self.amy)
        self.assertEqual(TeamMember.objects.get(user=self.alice).role, TeamRole.LEAD)
        team_member_set(party=self.party_a, user=self.ann, role=TeamRole.LEAD, actor=self.amy)
        team_member_remove(seat=alice, actor=self.amy)
        self.assertFalse(TeamMember.objects.filter(user=self.alice).exists())

    def test_the_last_lead_does_not_leave_the_organization_unnoticed(self):
        alice = Membership.objects.get(user=self.alice)
        with self.assertRaisesMessage(ValidationError, "in “Solar rollout”"):
            membership_remove(membership=alice, actor=self.amy)
        self.assertTrue(TeamMember.objects.filter(user=self.alice).exists())
        team_member_set(party=self.party_a, user=self.ann, role=TeamRole.LEAD, actor=self.amy)
        membership_remove(membership=alice, actor=self.amy)
        self.assertFalse(TeamMember.objects.filter(user=self.alice).exists())

    def test_an_unknown_role_is_refused(self):
        seat = TeamMember.objects.get(user=self.vic)
        with self.assertRaises(ValidationError):
            team_member_change_role(seat=seat, role="boss", actor=self.amy)


class LeadPageAndApiTests(AccordTestCase):
    def role_url(self, seat: TeamMember) -> str:
        return reverse("accord-team-role", args=[self.partnership.pk, seat.pk])

    def test_the_team_shows_a_role_picker_to_those_who_manage_it(self):
        page = self.page_as(self.alice, "accord-partnership")
        self.assertContains(page, "Team role of Vic")
        self.assertContains(page, "only your organization's owners and admins choose them")
        self.assertNotContains(self.page_as(self.bob, "accord-partnership"), "Team role of")

    def test_changing_a_role_on_the_page(self):
        seat = TeamMember.objects.get(user=self.vic)
        self.client.force_login(self.alice)
        response = self.client.post(self.role_url(seat), {"role": "lead"}, follow=True)
        self.assertContains(response, "Only an owner or admin of Alpha Energy")
        response = self.client.post(self.role_url(seat), {"role": "sponsor"}, follow=True)
        self.assertContains(response, "is now executive sponsor")
        response = self.client.post(
            self.role_url(seat), {"role": "boss"}, headers={"HX-Request": "true"}
        )
        self.assertContains(response, "Choose a valid team role")
        self.assertContains(response, 'id="team"')
        self.assertEqual(TeamMember.objects.get(pk=seat.pk).role, TeamRole.SPONSOR)

    def test_changing_a_role_through_the_api(self):
        alice = TeamMember.objects.get(user=self.alice)
        path = f"/partnerships/{self.partnership.pk}/team/{alice.pk}"
        response = self.api("patch", path, self.amy, {"role": "contributor"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("last lead", response.json()["errors"][0]["message"])
        response = self.api("patch", path, self.alice, {"role": "sponsor"})
        self.assertEqual((response.status_code, response.json()["code"]), (403, "forbidden"))
        vic = TeamMember.objects.get(user=self.vic)
        path = f"/partnerships/{self.partnership.pk}/team/{vic.pk}"
        response = self.api("patch", path, self.alice, {"role": "sponsor"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["role"], "sponsor")
        self.assertEqual(self.api("patch", path, self.bea, {"role": "lead"}).status_code, 403)
        self.assertEqual(self.api("patch", path, self.amy, {"role": "nope"}).status_code, 422)
