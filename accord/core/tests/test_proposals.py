"""Proposals: what binds every party takes effect once a lead or admin of each approved it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.errors import PartnershipEnded, ProposalConflict
from accord.core.invitations import open_partnership_invitation, partnership_invitation_accept
from accord.core.models import (
    Partnership,
    PartnershipInvitation,
    Party,
    Proposal,
    ProposalApproval,
    ProposalStatus,
)
from accord.core.proposals import (
    proposal_approve,
    proposal_create,
    proposal_decline,
    proposal_withdraw,
)
from accord.core.services import partnership_create
from tests.base import AccordTestCase, QueryCountTestCase, mailed_token


def fresh(partnership: Partnership) -> Partnership:
    return Partnership.objects.get(pk=partnership.pk)


class ProposalServiceTests(AccordTestCase):
    def rename(self, actor, party=None, name="Sun and wind"):
        return proposal_create(party=party or self.party_a, actor=actor, kind="change", name=name)

    def test_two_parties_a_lead_proposes_and_the_other_lead_applies_it(self):
        decided = self.rename(self.alice)
        proposal = decided.proposal
        self.assertFalse(decided.applied)
        self.assertEqual(proposal.base_version, 1)
        self.assertEqual(
            list(proposal.approvals.values_list("party", "approved_by")),
            [(self.party_a.pk, self.alice.pk)],
        )
        self.assertEqual(fresh(self.partnership).name, "Solar rollout")  # not yet
        decided = proposal_approve(proposal=proposal, party=self.party_b, actor=self.bea)
        self.assertTrue(decided.applied)
        partnership = fresh(self.partnership)
        self.assertEqual((partnership.name, partnership.version), ("Sun and wind", 2))
        # The shared trail says who proposed, who approved what, what changed and when.
        actions = list(
            AuditEvent.objects.filter(partnership=self.partnership, seq__gt=0)
            .order_by("seq")
            .values_list("action", "actor__email")
        )[-5:]
        self.assertEqual(
            actions,
            [
                ("create", "alice@alpha.test"),
                ("proposal_approve", "alice@alpha.test"),
                ("proposal_approve", "bea@beta.test"),
                ("update", "bea@beta.test"),
                ("proposal_apply", "bea@beta.test"),
            ],
        )
        approvals = AuditEvent.objects.filter(action="proposal_approve").order_by("seq")
        self.assertEqual(
            [e.changes["party"] for e in approvals], [[None, "Alpha Energy"], [None, "Beta Solar"]]
        )
        self.assertTrue(all(e.private_to_id is None for e in approvals))  # every party sees it

    def test_a_contributors_proposal_waits_for_a_lead_of_every_party(self):
        proposal = self.rename(self.bob, party=self.party_b).proposal
        self.assertFalse(proposal.approvals.exists())  # bob does not commit Beta
        proposal_approve(proposal=proposal, party=self.party_a, actor=self.amy)  # Alpha's admin
        self.assertEqual(fresh(self.partnership).name, "Solar rollout")
        with self.assertRaises(PermissionDenied):
            proposal_approve(proposal=proposal, party=self.party_b, actor=self.bob)
        self.assertTrue(
            proposal_approve(proposal=proposal, party=self.party_b, actor=self.bea).applied
        )

    def test_no_one_approves_twice_or_for_another_party(self):
        proposal = self.rename(self.alice).proposal
        with self.assertRaisesMessage(ValidationError, "already approved"):
            proposal_approve(proposal=proposal, party=self.party_a, actor=self.amy)
        with self.assertRaises(PermissionDenied):
            proposal_approve(proposal=proposal, party=self.party_b, actor=self.alice)
        with self.assertRaises(PermissionDenied):
            self.rename(self.vic)  # a viewer proposes nothing
        self.assertEqual(ProposalApproval.objects.count(), 1)

    def test_three_parties_each_approves_and_the_third_was_invited_by_proposal(self):
        decided = proposal_create(
            party=self.party_a, actor=self.alice, kind="invite", note="Gamma Bank"
        )
        self.assertIsNone(decided.invitation_token)
        decided = proposal_approve(proposal=decided.proposal, party=self.party_b, actor=self.bea)
        self.assertTrue(decided.applied)
        invitation = PartnershipInvitation.objects.get(note="Gamma Bank")
        # The inviting party's, made by whoever committed it: it may still grant it.
        self.assertEqual(
            (invitation.inviting_party, invitation.created_by), (self.party_a, self.alice)
        )
        self.assertEqual(decided.proposal.invitation, invitation)
        assert decided.invitation_token is not None
        party_c = partnership_invitation_accept(
            token=decided.invitation_token, organization=self.gamma, actor=self.olga
        )
        proposal = self.rename(self.alice).proposal
        proposal_approve(proposal=proposal, party=self.party_b, actor=self.bea)
        proposal = Proposal.objects.get(pk=proposal.pk)
        self.assertEqual(proposal.status, ProposalStatus.PENDING)
        self.assertEqual(proposal.waiting_for(), [party_c])
        self.assertTrue(proposal_approve(proposal=proposal, party=party_c, actor=self.olga).applied)
        self.assertEqual(fresh(self.partnership).name, "Sun and wind")

    def test_an_invite_proposal_naming_a_person_emails_them_once_every_party_approved(self):
        decided = proposal_create(
            party=self.party_a,
            actor=self.alice,
            kind="invite",
            invitee_name="Gus Gamma",
            invitee_email="Gus@Gamma.test",
        )
        self.assertEqual(decided.proposal.summary, "Invite another organization (Gus Gamma)")
        self.assertFalse(PartnershipInvitation.objects.filter(invitee_email="gus@gamma.test"))
        decided = proposal_approve(proposal=decided.proposal, party=self.party_b, actor=self.bea)
        self.assertIsNone(decided.invitation_token)  # no link shown: it goes by email
        invitation = PartnershipInvitation.objects.get(invitee_email="gus@gamma.test")
        self.assertEqual(
            (invitation.invitee_name, invitation.created_by), ("Gus Gamma", self.alice)
        )
        token = mailed_token("gus@gamma.test", "/invitations/")
        self.assertEqual(open_partnership_invitation(token).pk, invitation.pk)

    def test_an_invite_proposal_names_a_person_with_their_email_or_not_at_all(self):
        for fields in ({"invitee_name": "Gus"}, {"invitee_email": "gus@gamma.test"}):
            with self.subTest(fields=fields), self.assertRaises(ValidationError):
                proposal_create(party=self.party_a, actor=self.alice, kind="invite", **fields)
        self.assertFalse(Proposal.objects.filter(kind="invite").exists())

    def test_a_declined_proposal_changes_nothing_and_cannot_be_approved(self):
        proposal = self.rename(self.alice).proposal
        with self.assertRaises(ValidationError):
            proposal_decline(proposal=proposal, party=self.party_b, actor=self.bea, reason=" ")
        with self.assertRaises(PermissionDenied):
            proposal_decline(proposal=proposal, party=self.party_b, actor=self.bob, reason="No.")
        declined = proposal_decline(
            proposal=proposal, party=self.party_b, actor=self.bea, reason="Keep the name."
        )
        self.assertEqual(
            (declined.status, declined.declined_by_party, declined.decline_reason),
            (ProposalStatus.DECLINED, self.party_b, "Keep the name."),
        )
        with self.assertRaises(ProposalConflict) as refused:
            proposal_approve(proposal=proposal, party=self.party_b, actor=self.bea)
        self.assertEqual(refused.exception.code, "proposal_decided")
        self.assertEqual(fresh(self.partnership).name, "Solar rollout")

    def test_the_proposer_or_their_partys_lead_withdraws_no_one_else(self):
        proposal = self.rename(self.bob, party=self.party_b).proposal
        for outsider in (self.alice, self.amy):
            with self.assertRaises(PermissionDenied):
                proposal_withdraw(proposal=proposal, actor=outsider)
        withdrawn = proposal_withdraw(proposal=proposal, actor=self.bob)
        self.assertEqual(withdrawn.status, ProposalStatus.WITHDRAWN)
        with self.assertRaises(ProposalConflict):
            proposal_withdraw(proposal=proposal, actor=self.bea)

    def test_a_proposal_made_before_another_change_is_stale(self):
        first = self.rename(self.alice).proposal
        second = proposal_create(
            party=self.party_a, actor=self.alice, kind="change", scope="Roofs only."
        ).proposal
        proposal_approve(proposal=first, party=self.party_b, actor=self.bea)
        second = Proposal.objects.get(pk=second.pk)
        self.assertTrue(second.is_stale)
        with self.assertRaises(ProposalConflict) as refused:
            proposal_approve(proposal=second, party=self.party_b, actor=self.bea)
        self.assertEqual(refused.exception.code, "proposal_stale")
        self.assertIn("version 1", str(refused.exception))
        self.assertEqual(second.approvals.count(), 1)  # nothing approved
        self.assertEqual(fresh(self.partnership).scope, "")
        proposal_decline(proposal=second, party=self.party_b, actor=self.bea, reason="Stale.")

    def test_with_one_party_it_applies_at_once(self):
        solo = partnership_create(organization=self.alpha, actor=self.alice, name="Solo")
        party = Party.objects.get(partnership=solo)
        decided = proposal_create(party=party, actor=self.alice, kind="change", purpose="Why")
        self.assertTrue(decided.applied)
        self.assertEqual(fresh(solo).purpose, "Why")

    def test_a_change_must_change_something(self):
        with self.assertRaises(ValidationError) as refused:
            self.rename(self.alice, name="Solar rollout")
        self.assertIn("name", refused.exception.message_dict)
        with self.assertRaises(ValidationError):
            self.rename(self.alice, name="  ")
        with self.assertRaises(ValidationError):
            proposal_create(party=self.party_a, actor=self.alice, kind="reopen")  # not ended
        self.assertFalse(Proposal.objects.exists())

    def test_ending_together_archives_it_and_only_reopening_together_opens_it(self):
        other = self.rename(self.bob, party=self.party_b).proposal
        ending = proposal_create(party=self.party_a, actor=self.alice, kind="end", reason="Done")
        with self.assertRaisesMessage(ValidationError, "already waiting"):
            proposal_create(party=self.party_b, actor=self.bea, kind="end")
        proposal_approve(proposal=ending.proposal, party=self.party_b, actor=self.bea)
        partnership = fresh(self.partnership)
        self.assertTrue(partnership.is_ended)
        self.assertIsNotNone(partnership.ended_on)
        # What was pending besides is closed: an archive decides nothing more.
        self.assertEqual(Proposal.objects.get(pk=other.pk).status, ProposalStatus.WITHDRAWN)
        with self.assertRaises(PartnershipEnded):
            self.rename(self.alice)
        with self.assertRaises(PermissionDenied):  # reopening commits the party
            proposal_create(party=self.party_b, actor=self.bob, kind="reopen")
        reopening = proposal_create(party=self.party_b, actor=self.bea, kind="reopen").proposal
        self.assertTrue(fresh(self.partnership).is_ended)
        proposal_approve(proposal=reopening, party=self.party_a, actor=self.amy)
        partnership = fresh(self.partnership)
        self.assertEqual((partnership.stage, partnership.ended_on), ("active", None))
        self.rename(self.alice)  # open again


class ProposalApiTests(AccordTestCase):
    def path(self, rest: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/proposals{rest}"

    def test_propose_approve_and_read_the_history(self):
        response = self.api("post", self.path(), self.alice, {"kind": "change", "scope": "Roofs"})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["changes"]), ("pending", {"scope": "Roofs"}))
        self.assertEqual([p["organization"]["slug"] for p in body["waiting_for"]], ["beta"])
        self.assertIsNone(body["invitation_url"])
        response = self.api("post", self.path(f"/{body['id']}/approval"), self.bob, {})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "forbidden")
        self.assertIn("Only a lead", response.json()["detail"])
        response = self.api("post", self.path(f"/{body['id']}/approval"), self.bea, {})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "applied")
        self.assertEqual(
            [
                (a["party"]["organization"]["slug"], a["approved_by"])
                for a in response.json()["approvals"]
            ],
            [("alpha", "alice@alpha.test"), ("beta", "bea@beta.test")],
        )
        listed = self.api_list(self.path("?status=applied"), self.vic)
        self.assertEqual([p["id"] for p in listed], [body["id"]])
        self.assertEqual(self.api("get", self.path(), self.olga).status_code, 404)

    def test_a_direct_change_of_what_binds_both_is_refused_with_a_pointer(self):
        url = f"/partnerships/{self.partnership.pk}"
        response = self.api("patch", url, self.alice, {"version": 1, "name": "Alone"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "proposal_required")
        response = self.api("patch", url, self.alice, {"version": 1, "stage": "ended"})
        self.assertEqual(response.json()["code"], "proposal_required")
        self.assertEqual(fresh(self.partnership).version, 1)

    def test_stale_decided_and_bad_input_answer_clearly(self):
        stale = self.api("post", self.path(), self.alice, {"kind": "change", "name": "A"}).json()
        first = self.api("post", self.path(), self.alice, {"kind": "change", "name": "B"}).json()
        self.api("post", self.path(f"/{first['id']}/approval"), self.bea, {})
        response = self.api("post", self.path(f"/{stale['id']}/approval"), self.bea, {})
        self.assertEqual((response.status_code, response.json()["code"]), (409, "proposal_stale"))
        self.assertTrue(self.api("get", self.path(), self.bea).json()["items"][1]["stale"])
        response = self.api("post", self.path(f"/{first['id']}/withdrawal"), self.alice)
        self.assertEqual((response.status_code, response.json()["code"]), (409, "proposal_decided"))
        response = self.api("post", self.path(f"/{stale['id']}/decline"), self.bea, {})
        self.assertEqual(response.status_code, 422)
        response = self.api("post", self.path(), self.alice, {"kind": "merge"})
        self.assertEqual(response.status_code, 422)
        response = self.api("post", self.path("/999999/approval"), self.bea, {})
        self.assertEqual(response.status_code, 404)

    def test_an_applied_invitation_answers_its_link_once(self):
        body = {"kind": "invite", "note": "Gamma"}
        made = self.api("post", self.path(), self.bea, body).json()
        response = self.api("post", self.path(f"/{made['id']}/approval"), self.alice, {})
        url = response.json()["invitation_url"]
        self.assertIn("/invitations/", url)
        self.assertIsNone(
            self.api("get", self.path(), self.alice).json()["items"][0].get("invitation_url")
        )


class ProposalPageTests(AccordTestCase):
    def test_the_overview_lists_pending_proposals_with_what_each_may_do(self):
        proposal_create(party=self.party_a, actor=self.alice, kind="change", name="Sun and wind")
        bea = self.page_as(self.bea, "accord-partnership")
        self.assertContainsAll(
            bea,
            "Pending proposals",
            "Change the name",
            "Sun and wind",
            "Approved for Alpha Energy by Alice",
            "Waiting for Beta Solar",
            "Approve for Beta Solar",
            "Decline for Beta Solar",
        )
        bob = self.page_as(self.bob, "accord-partnership")
        self.assertNotContains(bob, "Approve for Beta Solar")
        self.assertContains(bob, "Only a lead of your organization's team")
        # A third organization is proposed, by anyone who may record things.
        self.assertContains(bob, "Propose inviting an organization")
        self.assertNotContains(bob, "Invite an organization")

    def test_approving_on_the_page_applies_and_the_history_shows_it(self):
        proposal = self.client_propose()
        self.client.force_login(self.bea)
        url = reverse("accord-proposal-approve", args=[self.partnership.pk, proposal.pk])
        response = self.client.post(url, {"organization": "beta"}, follow=True)
        self.assertContains(response, "Approved by every party and applied")
        self.assertContains(response, "Approved by every party and applied")
        self.assertEqual(fresh(self.partnership).name, "Sun and wind")
        self.assertContains(response, "Decided")

    def client_propose(self) -> Proposal:
        self.client.force_login(self.alice)
        url = reverse("accord-proposal-new", args=[self.partnership.pk])
        data = {"kind": "change", "name": "Sun and wind", "purpose": "Sun.", "scope": ""}
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "waits for the approval of Beta Solar")
        return Proposal.objects.get()

    def test_decline_and_withdraw_on_the_page(self):
        proposal = self.client_propose()
        self.client.force_login(self.bea)
        url = reverse("accord-proposal-decline", args=[self.partnership.pk, proposal.pk])
        response = self.client.post(url, {"reason": ""}, follow=True)
        self.assertContains(response, "Say why")
        response = self.client.post(url, {"reason": "Keep it"}, follow=True)
        self.assertContains(response, "Beta Solar declined")
        self.assertContains(response, "“Keep it”")
        second = proposal_create(party=self.party_a, actor=self.alice, kind="end").proposal
        self.client.force_login(self.alice)
        url = reverse("accord-proposal-withdraw", args=[self.partnership.pk, second.pk])
        self.assertContains(self.client.post(url, follow=True), "You withdrew")

    def test_the_form_shows_the_rule_it_breaks(self):
        self.client.force_login(self.alice)
        url = reverse("accord-proposal-new", args=[self.partnership.pk])
        data = {"kind": "change", "name": "Solar rollout", "purpose": "Sun.", "scope": ""}
        response = self.client.post(url, data)
        self.assertContains(response, "Propose a new name, purpose or scope")
        self.assertFalse(Proposal.objects.exists())

    def test_the_settings_page_offers_only_what_is_not_binding(self):
        page = self.page_as(self.alice, "accord-partnership-edit")
        self.assertContains(page, "Binds every party: propose a change instead.")
        self.assertNotContains(page, '<option value="ended"')
        self.assertEqual(
            self.client.get(reverse("accord-partnership-invite", args=[self.partnership.pk])).url,
            reverse("accord-proposal-new", args=[self.partnership.pk]) + "?kind=invite",
        )


class ProposalPageQueryCountTests(QueryCountTestCase):
    """The overview's proposals: a constant number of queries however many there are."""

    GROW = (1, 8)

    def grow(self, n: int) -> None:
        for i in range(n):
            pending = proposal_create(
                party=self.party_a, actor=self.alice, kind="change", scope=f"Scope {i}"
            ).proposal
            done = proposal_create(party=self.party_b, actor=self.bob, kind="invite", note=f"{i}")
            proposal_withdraw(proposal=done.proposal, actor=self.bob)
            del pending

    def test_the_overview(self):
        # Beta joined by invitation: one query more asks whether to welcome bea.
        url = reverse("accord-partnership", args=[self.partnership.pk])
        self.assertConstant(url, self.bea, 12)

    def test_the_proposal_form(self):
        url = reverse("accord-proposal-new", args=[self.partnership.pk])
        self.assertConstant(url, self.bob, 5)

    def test_the_list_api(self):
        self.assertConstant(
            f"/api/v1/partnerships/{self.partnership.pk}/proposals", self.bea, 11, api=True
        )
