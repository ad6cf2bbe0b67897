"""The notices of the existing practices and of core's records: who hears what, checked
person by person on the fixture partnership (see tests/base.py)."""

from accord.alignment import services as alignment
from accord.core.invitations import partnership_invitation_accept, partnership_invitation_create
from accord.core.proposals import proposal_create
from accord.core.services import partnership_create, team_member_set
from accord.notifications.tests.base import NotificationTestCase
from accord.roles import services as roles
from accord.trust import services as trust
from accord.trust.models import CommitmentStatus
from accord.trust.tests.base import days

ALPHA_TEAM = {"alice@alpha.test", "vic@alpha.test"}
BETA_TEAM = {"bea@beta.test", "bob@beta.test"}
BINDERS = {"alice@alpha.test", "amy@alpha.test", "bea@beta.test"}


class AlignmentNoticeTests(NotificationTestCase):
    def test_a_goal_to_endorse_once_proposed_and_again_once_reworded(self):
        goal = alignment.goal_create(party=self.party_b, actor=self.bob, title="Grow")
        self.assertEqual(
            self.told("alignment.goal_to_endorse"),
            {email: ["Beta Solar proposed a shared goal “Grow”: endorse it"] for email in BINDERS},
        )
        alignment.goal_endorse(goal=goal, party=self.party_a, actor=self.alice)
        goal.refresh_from_db()
        alignment.goal_update(
            record=goal,
            actor=self.bob,
            expected_version=goal.version,
            changes={"title": "Grow more"},
        )
        reworded = self.told("alignment.goal_to_endorse")
        self.assertEqual(
            reworded["amy@alpha.test"][-1], "“Grow more” was reworded: endorse it again"
        )
        self.assertEqual(
            reworded["bea@beta.test"][-1], "“Grow more” was reworded: endorse it again"
        )

    def test_a_change_of_status_alone_asks_nothing(self):
        goal = alignment.goal_create(party=self.party_b, actor=self.bob, title="Grow")
        before = self.told("alignment.goal_to_endorse")
        alignment.goal_update(
            record=goal,
            actor=self.bob,
            expected_version=goal.version,
            changes={"status": "achieved"},
        )
        self.assertEqual(self.told("alignment.goal_to_endorse"), before)


class TrustNoticeTests(NotificationTestCase):
    def test_promised_delivered_disputed(self):
        commitment = self.commit("Pilot plan", 5, promiser_person_id=self.bob)
        self.assertEqual(self.hearers("trust.commitment_promised"), ALPHA_TEAM)
        commitment = self.deliver(commitment, 0)
        self.assertEqual(self.hearers("trust.commitment_delivered"), ALPHA_TEAM)
        trust.commitment_dispute(
            commitment=commitment,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            reason="Half done.",
        )
        self.assertEqual(
            self.told("trust.commitment_disputed"),
            {email: ["Alpha Energy disputed the delivery of “Pilot plan”"] for email in BETA_TEAM},
        )

    def test_a_delivery_confirmed_before_the_dispatch_asks_nothing(self):
        commitment = self.deliver(self.commit("Pilot plan", 5), 0)
        trust.commitment_confirm(
            commitment=commitment, party=self.party_a, actor=self.alice, expected_version=None
        )
        self.assertEqual(self.hearers("trust.commitment_delivered"), set())

    def test_a_commitment_to_the_partnership_is_delivered_to_every_other_party(self):
        commitment = trust.commitment_create(
            party=self.party_b, actor=self.bob, title="Report", due_date=days(3)
        )
        self.assertEqual(self.hearers("trust.commitment_promised"), set())
        self.deliver(commitment, 0)
        self.assertEqual(self.hearers("trust.commitment_delivered"), ALPHA_TEAM)

    def test_broken_by_hand_and_by_the_sweep(self):
        by_hand = self.commit("Pilot plan", 5)
        trust.commitment_break(
            commitment=by_hand,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            reason="Too late now.",
        )
        self.assertEqual(
            self.told("trust.commitment_broken"),
            {email: ["Alpha Energy marked “Pilot plan” broken"] for email in BETA_TEAM},
        )
        swept = self.commit("Old promise", -60, user=self.alice)
        trust.commitments_break_overdue()
        swept.refresh_from_db()
        self.assertEqual(swept.status, CommitmentStatus.BROKEN)
        heard = self.told("trust.commitment_broken")
        # Broken by nobody (the system): Alpha's own team hears it, alice too.
        self.assertEqual(
            heard["alice@alpha.test"],
            ["“Old promise” was marked broken: overdue past the grace period"],
        )

    def test_a_concern_raised_then_answered(self):
        concern = trust.concern_create(
            party=self.party_b,
            actor=self.bob,
            topic="Slow replies",
            text="Why?",
            addressed_to_id=self.party_a,
        )
        self.assertEqual(
            self.told("trust.concern_raised"),
            {email: ["Beta Solar raised a concern: “Slow replies”"] for email in ALPHA_TEAM},
        )
        trust.concern_answer(
            concern=concern,
            party=self.party_a,
            actor=self.alice,
            expected_version=None,
            text="Sorry.",
        )
        self.assertEqual(
            self.told("trust.concern_answered"),
            {
                "bob@beta.test": ["Alpha Energy answered your concern “Slow replies”"],
                "bea@beta.test": ["Alpha Energy answered your concern “Slow replies”"],
            },
        )


class RolesNoticeTests(NotificationTestCase):
    def rule(self, **fields):
        return roles.rule_create(
            party=self.party_a, actor=self.alice, title="Scope change", **fields
        )

    def test_a_rule_to_endorse(self):
        self.rule()
        self.assertEqual(self.hearers("roles.rule_to_endorse"), {"amy@alpha.test", "bea@beta.test"})

    def test_a_decision_proposed_objected_and_decided(self):
        rule = self.rule()
        decision = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Add Gamma"
        )
        self.assertEqual(
            self.told("roles.decision_proposed"),
            {
                email: ["Beta Solar proposed a decision: “Add Gamma”. Approve or object"]
                for email in BINDERS
            },
        )
        roles.decision_vote(
            decision=decision, party=self.party_a, actor=self.alice, verdict="object", comment="No."
        )
        self.assertEqual(
            self.told("roles.decision_objection"),
            {
                email: ["Alpha Energy objects to “Add Gamma”"]
                for email in ("amy@alpha.test", "bea@beta.test")
            },
        )
        # Every party must approve: one objection rejects it at once, alice acting.
        decided = self.told("roles.decision_decided")
        self.assertEqual(set(decided), {"vic@alpha.test"} | BETA_TEAM)
        self.assertEqual(decided["bob@beta.test"], ["“Add Gamma” was rejected"])

    def test_a_lead_party_decision_asks_the_lead_party_only(self):
        rule = self.rule(kind="lead_party", lead_party=self.party_a)
        roles.decision_create(party=self.party_b, actor=self.bob, rule=rule, title="Pick a venue")
        self.assertEqual(
            self.hearers("roles.decision_proposed"), {"alice@alpha.test", "amy@alpha.test"}
        )


class CoreNoticeTests(NotificationTestCase):
    def test_a_proposal_to_approve_asks_the_parties_yet_to_approve(self):
        # bea commits Beta: her proposal is approved for Beta at once; Alpha must approve.
        proposal_create(party=self.party_b, actor=self.bea, kind="change", name="New name")
        self.assertEqual(
            self.told("core.proposal_to_approve"),
            {
                email: ["Beta Solar proposes: Change the name. Approve or decline it"]
                for email in ("alice@alpha.test", "amy@alpha.test")
            },
        )

    def test_a_new_party_is_announced_to_the_others(self):
        _, token = partnership_invitation_create(
            partnership=self.partnership, inviting_party=self.party_a, actor=self.alice
        )
        partnership_invitation_accept(token=token, organization=self.gamma, actor=self.olga)
        heard = self.told("core.party_joined")
        self.assertEqual(set(heard), ALPHA_TEAM | BETA_TEAM)
        self.assertEqual(heard["bob@beta.test"], ["Gamma Bank joined the partnership"])

    def test_founding_a_partnership_announces_nothing(self):
        founded = partnership_create(organization=self.alpha, actor=self.amy, name="Solo")
        party = founded.parties.get()
        team_member_set(party=party, user=self.alice, role="contributor", actor=self.amy)
        self.assertEqual(self.told(), {})


class EdgeTests(NotificationTestCase):
    def test_a_record_deleted_before_the_dispatch_asks_nothing(self):
        commitment = self.commit("Withdrawn at once", 5)
        trust.commitment_delete(record=commitment, actor=self.bob)
        self.assertEqual(self.told(), {})

    def test_a_title_is_shown_as_text(self):
        self.commit("<script>alert(1)</script>", 5)
        self.told()
        self.client.force_login(self.alice)
        page = self.client.get("/notifications/")
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(page, "<script>alert(1)")
