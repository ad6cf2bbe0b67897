from django.core import mail
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.models import Partnership, TeamMember
from accord.core.services import partnership_create
from tests.base import AccordTestCase, mailed_token, run_queued_jobs


class PartnershipListTests(AccordTestCase):
    def test_it_lists_the_partnerships_the_user_may_see(self):
        self.client.force_login(self.bob)
        response = self.client.get(reverse("accord-partnerships"))
        self.assertContains(response, "Solar rollout")
        self.assertContains(response, "Alpha Energy")

    def test_a_member_not_on_the_team_sees_none(self):
        self.client.force_login(self.ann)
        self.assertNotContains(self.client.get(reverse("accord-partnerships")), "Solar rollout")

    def test_an_org_admin_sees_them_all(self):
        self.client.force_login(self.amy)
        self.assertContains(self.client.get(reverse("accord-partnerships")), "Solar rollout")

    def test_it_filters_by_stage(self):
        self.client.force_login(self.alice)
        url = reverse("accord-partnerships")
        self.assertNotContains(self.client.get(url, {"stage": "active"}), "Solar rollout")
        self.assertContains(self.client.get(url, {"stage": "exploring"}), "Solar rollout")


class PartnershipCreatePageTests(AccordTestCase):
    def create(self, user, **fields):
        """Post the new-partnership form as `user`, for Alpha unless told."""
        self.client.force_login(user)
        form = {"organization": self.alpha.pk, "stage": "exploring", "review_cadence": "monthly"}
        return self.client.post(reverse("accord-partnership-new"), {**form, **fields})

    def test_it_creates_with_the_user_as_lead(self):
        response = self.create(self.ann, name="Wind")
        partnership = Partnership.objects.get(name="Wind")
        self.assertRedirects(response, reverse("accord-partnership", args=[partnership.pk]))
        self.assertTrue(TeamMember.objects.filter(user=self.ann, role="lead").exists())

    def test_errors_show_inline_and_keep_the_input(self):
        response = self.create(self.ann, name="", purpose="Keep this text", start_date="not a date")
        self.assertEqual(response.status_code, 200)
        self.assertContainsAll(
            response, "This field is required", "Enter a valid date", "Keep this text"
        )
        self.assertFalse(Partnership.objects.filter(purpose="Keep this text").exists())

    def test_a_viewer_cannot_create_for_their_organization(self):
        response = self.create(self.vic, name="Sneaky")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Partnership.objects.filter(name="Sneaky").exists())

    def test_a_viewer_is_not_offered_the_form(self):
        self.client.force_login(self.vic)
        response = self.client.get(reverse("accord-partnerships"))
        self.assertNotContains(response, reverse("accord-partnership-new"))
        response = self.client.get(reverse("accord-partnership-new"))
        self.assertContains(response, "viewers only read")
        self.assertNotContains(response, "Create partnership")


class PartnershipEditPageTests(AccordTestCase):
    def edit(self, user, version: int, **changes):
        self.client.force_login(user)
        data = {
            "name": "Solar rollout",
            "purpose": "Sun.",
            "scope": "",
            "stage": "exploring",
            "start_date": "",
            "review_cadence": "quarterly",
            "version": version,
            **changes,
        }
        return self.client.post(
            reverse("accord-partnership-edit", args=[self.partnership.pk]), data
        )

    def test_it_saves_and_records_the_change(self):
        response = self.edit(self.alice, 1, stage="active")
        self.assertRedirects(response, reverse("accord-partnership", args=[self.partnership.pk]))
        self.partnership.refresh_from_db()
        self.assertEqual((self.partnership.stage, self.partnership.version), ("active", 2))
        event = AuditEvent.objects.filter(partnership=self.partnership).latest("seq")
        self.assertEqual(event.changes, {"stage": ["exploring", "active"]})

    def test_a_stale_edit_is_refused_with_the_current_values(self):
        self.edit(self.bea, 1, start_date="2026-01-15")
        response = self.edit(self.alice, 1, start_date="2026-02-20")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "2026-01-15", status_code=409)  # current value
        self.assertContains(response, "2026-02-20", status_code=409)  # what she typed
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.partnership.refresh_from_db()
        self.assertEqual(str(self.partnership.start_date), "2026-01-15")

    def test_bad_input_is_shown_and_nothing_changes(self):
        response = self.edit(self.alice, 1, start_date="someday", stage="dreaming")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a valid date")
        self.assertContains(response, "Select a valid choice")
        self.partnership.refresh_from_db()
        self.assertEqual(self.partnership.version, 1)


def add_to_alphas_team(t, user, role: str, **options):
    """alice, Alpha's lead, adds `user` to Alpha's team on the partnership page."""
    t.client.force_login(t.alice)
    prefix = f"p{t.party_a.pk}"
    return t.client.post(
        reverse("accord-team-add", args=[t.partnership.pk, t.party_a.pk]),
        {f"{prefix}-user": user.pk, f"{prefix}-role": role},
        **options,
    )


class TeamPageTests(AccordTestCase):
    def test_lead_adds_a_colleague(self):
        response = add_to_alphas_team(self, self.ann, "sponsor")
        self.assertRedirects(response, reverse("accord-partnership", args=[self.partnership.pk]))
        self.assertTrue(TeamMember.objects.filter(user=self.ann, role="sponsor").exists())
        # ann now sees the partnership
        self.client.force_login(self.ann)
        self.assertEqual(
            self.client.get(reverse("accord-partnership", args=[self.partnership.pk])).status_code,
            200,
        )

    def test_a_colleague_from_another_organization_cannot_be_added(self):
        add_to_alphas_team(self, self.bob, "contributor")
        self.assertFalse(TeamMember.objects.filter(party=self.party_a, user=self.bob).exists())

    def test_the_last_lead_cannot_leave(self):
        seat = TeamMember.objects.get(user=self.alice)
        url = reverse("accord-team-remove", args=[self.partnership.pk, seat.pk])
        self.client.force_login(self.amy)  # an admin, who chooses leads
        response = self.client.post(url, follow=True)
        self.assertContains(response, "is the last lead of Alpha Energy")
        self.client.force_login(self.alice)  # a lead steps down only through an admin
        response = self.client.post(url, follow=True)
        self.assertContains(response, "Only an owner or admin of Alpha Energy may choose its leads")
        self.assertTrue(TeamMember.objects.filter(pk=seat.pk).exists())

    def test_page_shows_both_teams(self):
        response = self.page_as(self.bob, "accord-partnership")
        for email in ("alice@alpha.test", "vic@alpha.test", "bea@beta.test", "bob@beta.test"):
            self.assertContains(response, email)


class InvitationPageTests(AccordTestCase):
    """The second party is invited directly; a further one is proposed (test_proposal_pages)."""

    def setUp(self) -> None:
        self.solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")

    def test_lead_invites_by_email_and_the_invitee_accepts_from_the_mailed_link(self):
        self.client.force_login(self.alice)
        url = reverse("accord-partnership-invite", args=[self.solo.pk])
        response = self.client.post(url, {"name": "Olga", "email": "olga@gamma.test"})
        self.assertRedirects(
            response,
            reverse("accord-partnership", args=[self.solo.pk]) + "#invitations",
            fetch_redirect_response=False,
        )
        token = mailed_token("olga@gamma.test", "/invitations/")
        # The outsider's owner accepts through the page and picks the team.
        self.client.force_login(self.olga)
        page = self.client.get(f"/invitations/{token}/")
        self.assertContains(page, "Solo")
        self.assertIn("no-store", page["Cache-Control"])
        response = self.client.post(f"/invitations/{token}/", {"organization": self.gamma.pk})
        self.assertRedirects(response, reverse("accord-partnership", args=[self.solo.pk]))
        self.assertEqual(self.client.get(f"/invitations/{token}/").status_code, 404)

    def test_the_link_is_built_from_the_base_url_not_the_host_header(self):
        self.client.force_login(self.alice)
        url = reverse("accord-partnership-invite", args=[self.solo.pk])
        with self.settings(ALLOWED_HOSTS=["*"], BASE_URL="https://accord.example"):
            self.client.post(url, {"name": "Olga", "email": "olga@gamma.test"})
            invitation = self.solo.invitations.get(invitee_email="olga@gamma.test")
            copy = reverse("accord-partnership-invitation-link", args=[self.solo.pk, invitation.pk])
            response = self.client.post(copy, headers={"host": "evil.example"})
            run_queued_jobs()
        self.assertTrue(response.context["link"].startswith("https://accord.example/"))
        self.assertEqual(mail.outbox, [])  # the copied link killed the one not yet mailed

    def test_unknown_link_says_so(self):
        self.client.force_login(self.olga)
        response = self.client.get("/invitations/nonsense/")
        self.assertContains(response, "not valid", status_code=404)


class TeamHtmxTests(AccordTestCase):
    def test_adding_through_htmx_answers_the_team_section_only(self):
        response = add_to_alphas_team(self, self.ann, "contributor", headers={"HX-Request": "true"})
        self.assertEqual(response.status_code, 200)
        self.assertContainsAll(response, 'id="team"', "ann@alpha.test", "is on the team")
        self.assertNotContains(response, "<html")

    def test_removing_through_htmx_answers_the_team_section_only(self):
        self.client.force_login(self.alice)
        seat = TeamMember.objects.get(user=self.vic)
        response = self.client.post(
            reverse("accord-team-remove", args=[self.partnership.pk, seat.pk]),
            headers={"HX-Request": "true"},
        )
        self.assertContains(response, "left the team")
        self.assertNotContains(response, "vic@alpha.test</span>")
        self.assertNotContains(response, "<html")


class PartnershipListPagingTests(AccordTestCase):
    def test_the_list_is_paged_fifty_at_a_time(self):
        from accord.core.services import partnership_create

        for i in range(55):
            partnership_create(organization=self.gamma, actor=self.olga, name=f"G{i:02}")
        self.client.force_login(self.olga)
        first = self.client.get(reverse("accord-partnerships"))
        self.assertContains(first, "G49")
        self.assertNotContains(first, "G50")
        self.assertContains(first, "Page 1 of 2")
        second = self.client.get(reverse("accord-partnerships"), {"page": 2})
        self.assertContains(second, "G54")
        self.assertEqual(
            self.client.get(reverse("accord-partnerships"), {"page": "x"}).status_code, 200
        )

    def test_page_links_keep_the_stage_filter(self):
        from accord.core.services import partnership_create

        for i in range(51):
            partnership_create(organization=self.gamma, actor=self.olga, name=f"G{i:02}")
        self.client.force_login(self.olga)
        response = self.client.get(reverse("accord-partnerships"), {"stage": "exploring"})
        self.assertContains(response, "?stage=exploring&amp;page=2")


class AcceptFormTests(AccordTestCase):
    def test_the_accepting_admin_is_not_offered_as_a_colleague(self):
        from accord.core.invitations import partnership_invitation_create
        from tests.base import make_user

        make_user("gina@gamma.test", self.gamma, "member")
        _, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        self.client.force_login(self.olga)
        team = self.client.get(f"/invitations/{token}/").context["form"].fields["team"]
        self.assertEqual([u.email for u in team.queryset], ["gina@gamma.test"])
