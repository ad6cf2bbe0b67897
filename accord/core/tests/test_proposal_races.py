"""Deciding a proposal at the same moment from both sides (PostgreSQL: see races.py)."""

from accord.core.errors import ProposalConflict
from accord.core.models import Partnership, Proposal, ProposalApproval, ProposalStatus
from accord.core.proposals import proposal_approve, proposal_create, proposal_withdraw
from accord.core.tests.races import RaceTestCase, race

ROUNDS = 5


class ProposalRaceTests(RaceTestCase):
    def test_an_approval_and_a_withdrawal_at_once_end_one_way_only(self):
        for round_ in range(ROUNDS):
            proposal = proposal_create(
                party=self.party_a, actor=self.alice, kind="change", scope=f"Scope {round_}"
            ).proposal
            approved, withdrawn = race(
                lambda p=proposal: proposal_approve(proposal=p, party=self.party_b, actor=self.bea),
                lambda p=proposal: proposal_withdraw(proposal=p, actor=self.alice),
            )
            outcomes = [o for o in (approved, withdrawn) if o is not None]
            self.assertEqual(len(outcomes), 1, outcomes)  # exactly one lost, and cleanly
            self.assertIsInstance(outcomes[0], ProposalConflict)
            status = Proposal.objects.get(pk=proposal.pk).status
            scope = Partnership.objects.get(pk=self.partnership.pk).scope
            if approved is None:
                self.assertEqual((status, scope), (ProposalStatus.APPLIED, f"Scope {round_}"))
            else:
                self.assertEqual(status, ProposalStatus.WITHDRAWN)
                self.assertNotEqual(scope, f"Scope {round_}")

    def test_two_proposals_approved_at_once_apply_one_and_leave_the_other_stale(self):
        for round_ in range(ROUNDS):
            first, second = (
                proposal_create(
                    party=self.party_a, actor=self.alice, kind="change", scope=f"{round_}{n}"
                ).proposal
                for n in "ab"
            )
            outcomes = race(
                lambda p=first: proposal_approve(proposal=p, party=self.party_b, actor=self.bea),
                lambda p=second: proposal_approve(proposal=p, party=self.party_b, actor=self.bea),
            )
            lost = [o for o in outcomes if o is not None]
            self.assertEqual(len(lost), 1, outcomes)
            self.assertIsInstance(lost[0], ProposalConflict)
            applied = Proposal.objects.filter(
                status=ProposalStatus.APPLIED, pk__in=[first.pk, second.pk]
            )
            self.assertEqual(applied.count(), 1)
            loser = second if applied.get().pk == first.pk else first
            self.assertEqual(ProposalApproval.objects.filter(proposal=loser).count(), 1)
