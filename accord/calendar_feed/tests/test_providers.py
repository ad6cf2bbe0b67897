"""Each practice's calendar provider called directly, as the feed calls it: once, with the
viewpoints of every partnership, for a window of dates. Private records of the partner never
appear; one's own do."""

from accord.calendar_feed.tests.base import PRIVATE, FeedTestCase, days
from accord.core.access import partnership_access
from accord.core.models import Party
from accord.core.services import partnership_create
from accord.core.viewpoint import Viewpoint
from accord.longterm import services as longterm
from accord.longterm.calendar import calendar_entries as longterm_entries
from accord.longterm.services import milestone_update
from accord.roles import services as roles
from accord.roles.calendar import calendar_entries as roles_entries
from accord.trust import services as trust
from accord.trust.calendar import calendar_entries as trust_entries

WINDOW = (days(-90), days(400))


class ProviderTestCase(FeedTestCase):
    def of(self, user) -> list[Viewpoint]:
        return [partnership_access(user, self.partnership.pk).viewpoint]

    def titles(self, provider, user) -> set[str]:
        return {entry.title for entry in provider(self.of(user), *WINDOW)}


class TrustProviderTests(ProviderTestCase):
    def test_open_commitments_on_their_due_date_in_force(self):
        moved = self.commitment("Moved", 5)
        trust.commitment_renegotiate(
            commitment=moved,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            due_date=days(12),
            reason="Parts late.",
        )
        delivered = self.commitment("Delivered", 3)
        trust.commitment_deliver(
            commitment=delivered,
            party=self.party_b,
            actor=self.bob,
            expected_version=None,
            delivered_on=days(0),
        )
        entries = trust_entries(self.of(self.alice), *WINDOW)
        self.assertEqual(
            [(e.title, e.start) for e in entries],
            [("Commitment due (Beta Solar): Moved", days(12))],
        )
        self.assertEqual(entries[0].uid, f"trust-commitment-{moved.pk}")
        self.assertEqual(entries[0].partnership_id, self.partnership.pk)

    def test_the_partner_s_private_commitment_never_own_ones_always(self):
        self.commitment("Beta's own", 5, visibility=PRIVATE)
        self.assertEqual(self.titles(trust_entries, self.alice), set())
        self.assertEqual(
            self.titles(trust_entries, self.bob), {"Commitment due (Beta Solar): Beta's own"}
        )

    def test_only_the_window(self):
        self.commitment("Too far", 401)
        self.commitment("Just in", 400)
        self.assertEqual(
            self.titles(trust_entries, self.alice), {"Commitment due (Beta Solar): Just in"}
        )

    def test_no_viewpoints_no_entries(self):
        self.commitment("Anything", 5)
        self.assertEqual(trust_entries([], *WINDOW), [])


class RolesProviderTests(ProviderTestCase):
    def test_decisions_still_waiting_on_their_deadline(self):
        waiting = self.decision("Waiting", 7, proposal="Move the site.")
        decided = self.decision("Decided", 8)
        roles.decision_vote(decision=decided, party=self.party_b, actor=self.bea, verdict="approve")
        entries = roles_entries(self.of(self.alice), *WINDOW)
        self.assertEqual(
            [(e.title, e.start) for e in entries], [("Decision due: Waiting", days(7))]
        )
        self.assertEqual(entries[0].uid, f"roles-decision-{waiting.pk}")
        self.assertIn("Move the site.", entries[0].description)
        self.assertIn("under the rule “Ours”", entries[0].description)

    def test_the_partner_s_private_decision_never_own_ones_always(self):
        self.decision("Beta only", 7, visibility=PRIVATE)
        self.assertEqual(self.titles(roles_entries, self.alice), set())
        self.assertEqual(self.titles(roles_entries, self.bea), {"Decision due: Beta only"})


class LongtermProviderTests(ProviderTestCase):
    def test_open_milestones_on_their_due_date(self):
        self.milestone("Planned", 10)
        self.milestone("Going", 11, status="in_progress")
        done = self.milestone("Done", 12)
        milestone_update(
            record=done,
            actor=self.bob,
            expected_version=done.version,
            changes={"status": "done", "completed_on": days(0)},
        )
        self.milestone("Dropped", 13, status="dropped")
        self.assertEqual(
            self.titles(longterm_entries, self.alice),
            {"Milestone due: Planned", "Milestone due: Going"},
        )

    def test_the_partner_s_private_milestone_never_own_ones_always(self):
        self.milestone("Beta only", 10, visibility=PRIVATE)
        self.assertEqual(self.titles(longterm_entries, self.alice), set())
        self.assertEqual(self.titles(longterm_entries, self.bob), {"Milestone due: Beta only"})

    def test_the_next_review_from_the_latest_review_seen(self):
        self.review(-100, 20)
        latest = self.review(-10, 80)
        entries = [e for e in longterm_entries(self.of(self.alice), *WINDOW) if "review" in e.title]
        self.assertEqual(
            [(e.uid, e.start) for e in entries], [(f"longterm-review-{latest.pk}-next", days(80))]
        )

    def test_a_private_review_counts_only_for_its_own_party(self):
        self.review(-10, 80)
        own = self.review(-2, 30, private_to=self.party_b)

        def next_review(user):
            return [
                e.start for e in longterm_entries(self.of(user), *WINDOW) if "review" in e.title
            ]

        self.assertEqual(next_review(self.alice), [days(80)])
        self.assertEqual(next_review(self.bob), [days(30)])
        self.assertEqual(own.visibility, PRIVATE)

    def test_several_partnerships_in_one_call(self):
        other = partnership_create(organization=self.alpha, actor=self.alice, name="Wind")
        party = Party.objects.get(partnership=other)
        longterm.milestone_create(party=party, actor=self.alice, title="Turbines", due_date=days(5))
        self.milestone("Panels", 6)
        viewpoints = [*self.of(self.alice), partnership_access(self.alice, other.pk).viewpoint]
        entries = longterm_entries(viewpoints, *WINDOW)
        self.assertEqual(
            {(e.title, e.partnership_id) for e in entries},
            {("Milestone due: Turbines", other.pk), ("Milestone due: Panels", self.partnership.pk)},
        )
