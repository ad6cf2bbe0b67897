"""Every removal on the core's pages asks first, saying what goes with it: team members (and
oneself, and never the last lead), organization members (their teams, oneself, never the last
owner), invitations."""

import html

from django.urls import reverse

from accord.core.access import partnership_access
from accord.core.invitations import partnership_invitation_create
from accord.core.models import Membership, Role, TeamMember, TeamRole
from accord.core.selectors import (
    LAST_LEAD,
    LAST_OWNER,
    membership_removal_notes,
    team_removal_notes,
)
from accord.core.services import membership_set, team_member_set
from tests.base import AccordTestCase


def confirms(response) -> list[str]:
    """The questions of the page's confirmed forms, unescaped."""
    text = response.content.decode()
    return [html.unescape(part.split('"', 1)[0]) for part in text.split('data-confirm="')[1:]]


class TeamRemovalTests(AccordTestCase):
    def seat(self, user):
        return TeamMember.objects.get(party=self.party_a, user=user)

    def test_removing_a_colleague_names_them_the_team_and_the_partnership(self):
        notes = team_removal_notes(partnership_access(self.alice, self.partnership.pk))
        note = notes[self.seat(self.vic).pk]
        self.assertIn(f"Remove {self.vic.display_name} from Alpha Energy's team", note)
        self.assertIn("“Solar rollout”", note)
        page = self.page_as(self.alice, "accord-partnership")
        self.assertIn(note, confirms(page))

    def test_the_last_lead_has_no_remove_button_and_says_why(self):
        self.assertEqual(self.seat(self.alice).role, TeamRole.LEAD)
        notes = team_removal_notes(partnership_access(self.alice, self.partnership.pk))
        self.assertEqual(notes[self.seat(self.alice).pk], LAST_LEAD)
        page = self.page_as(self.alice, "accord-partnership")
        self.assertContains(page, "Only lead")
        remove = reverse("accord-team-remove", args=[self.partnership.pk, self.seat(self.alice).pk])
        self.assertNotContains(page, f'action="{remove}"')

    def test_removing_yourself_says_you_lose_the_partnership(self):
        team_member_set(party=self.party_a, user=self.ann, role=TeamRole.LEAD, actor=self.amy)
        notes = team_removal_notes(partnership_access(self.alice, self.partnership.pk))
        self.assertIn("Remove yourself", notes[self.seat(self.alice).pk])
        self.assertIn("You will no longer see this partnership", notes[self.seat(self.alice).pk])

    def test_an_admin_removing_themself_keeps_seeing_it(self):
        team_member_set(party=self.party_a, user=self.amy, role=TeamRole.LEAD, actor=self.amy)
        notes = team_removal_notes(partnership_access(self.amy, self.partnership.pk))
        self.assertIn("You still see it as an admin of Alpha Energy", notes[self.seat(self.amy).pk])

    def test_only_the_managed_parties_seats_are_asked_about(self):
        notes = team_removal_notes(partnership_access(self.bea, self.partnership.pk))
        beta_seats = set(TeamMember.objects.filter(party=self.party_b).values_list("pk", flat=True))
        self.assertTrue(notes)
        self.assertLessEqual(set(notes), beta_seats)
        self.assertNotIn(
            "Alpha Energy", " ".join(confirms(self.page_as(self.bea, "accord-partnership")))
        )

    def test_revoking_an_invitation_asks_first(self):
        partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        page = self.page_as(self.alice, "accord-partnership")
        self.assertIn(
            "Revoke this invitation? Its link stops working at once; you can invite again.",
            confirms(page),
        )


class MemberRemovalTests(AccordTestCase):
    def membership(self, user):
        return Membership.objects.get(user=user, organization=self.alpha)

    def notes(self, organization, user):
        members = list(Membership.objects.filter(organization=organization).select_related("user"))
        return membership_removal_notes(members, organization.name, user.pk)

    def test_removing_a_member_names_the_teams_they_leave(self):
        note = self.notes(self.alpha, self.amy)[self.membership(self.alice).pk]
        self.assertEqual(
            note,
            f"Remove {self.alice.display_name} from Alpha Energy? They also leave their "
            "1 partnership team there. An admin can invite them back.",
        )
        self.assertNotIn("team", self.notes(self.alpha, self.amy)[self.membership(self.ann).pk])

    def test_removing_yourself_says_you_leave(self):
        note = self.notes(self.alpha, self.amy)[self.membership(self.amy).pk]
        self.assertTrue(note.startswith("Leave Alpha Energy?"), note)
        self.assertIn("You lose access", note)

    def test_the_last_owner_is_not_offered_for_removal(self):
        olga = Membership.objects.get(user=self.olga, organization=self.gamma)
        self.assertEqual(self.notes(self.gamma, self.olga)[olga.pk], LAST_OWNER)
        self.client.force_login(self.olga)
        page = self.client.get(reverse("accord-org", args=["gamma"]))
        self.assertContains(page, "Only owner")
        self.assertNotContains(page, reverse("accord-member-remove", args=["gamma", olga.pk]))

    def test_with_two_owners_either_may_be_removed(self):
        membership_set(organization=self.gamma, user=self.bob, role=Role.OWNER, actor=self.olga)
        olga = Membership.objects.get(user=self.olga, organization=self.gamma)
        self.assertIn("Leave Gamma Bank?", self.notes(self.gamma, self.olga)[olga.pk])

    def test_the_organization_page_asks_before_every_removal_and_revocation(self):
        self.client.force_login(self.amy)
        page = self.client.get(reverse("accord-org", args=["alpha"]))
        questions = confirms(page)
        self.assertIn(self.notes(self.alpha, self.amy)[self.membership(self.alice).pk], questions)
        self.assertEqual(len([q for q in questions if q.startswith(("Remove", "Leave"))]), 4)

    def test_a_member_who_is_not_admin_gets_no_questions(self):
        self.client.force_login(self.alice)
        page = self.client.get(reverse("accord-org", args=["alpha"]))
        self.assertEqual(confirms(page), [])
