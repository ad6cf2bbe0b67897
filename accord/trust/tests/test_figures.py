"""The Trust figures on a small example worked out by hand, through each party's eyes.

T is today. Beta (the promiser) made these commitments to Alpha:

    #  due     delivered  outcome                       day     counted  on time  in 90 days
    1  T-10    T-12       confirmed                     T-12    yes      yes      yes
    2  T-20    T-15       delivered late                T-15    yes      no       yes
    3  T-30    T-30       delivered on the due date     T-30    yes      yes      yes
    4  T-5     —          open, overdue now             T       yes      no       yes
    5  T-100   T-120      delivered early, long ago     T-120   yes      yes      no
    6  T-40    —          broken by Alpha               T-40    yes      no       yes
    7  T+10    —          open, not yet due             —       no       —        —
    8  T-50    T-52       disputed by Alpha             T-52    yes      no       yes
    9  T-3     T-3        PRIVATE to Beta, on time      T-3     Beta's view only

Through Alpha's eyes (no #9), Beta: counted 7 (1-6, 8); on time 3 (1, 3, 5) → 3/7 = 0.4286;
kept late 1 (#2); broken 1 (#6); disputed 1 (#8); overdue 1 (#4); open not due 1 (#7).
Last 90 days: counted 6 (1, 2, 3, 4, 6, 8), on time 2 (1, 3) → 2/6 = 0.3333.
Through Beta's eyes (with #9): all time 4/8 = 0.5; last 90 days 3/7 = 0.4286.
Alpha made two: A1 due T-10 delivered T-10 (on time), A2 due T-60 delivered T-59 (late):
1/2 = 0.5 in both periods.

Sharing: Beta shares three items (two links, a PDF) and a private one; Alpha one link. Alpha
reads two of Beta's; Beta reads Alpha's. Through Alpha's eyes: 4 items, Beta 3 (share 0.75,
read by the other 2, read of the other's 1), Alpha 1 (0.25, 1, 2): one-sided (4 items, 75 %).

Concerns raised by Beta to Alpha, first answered after 2 h, 10 h and 30 h, and one unanswered:
median 10 h, open 4 (none resolved), unanswered 1. One raised by Alpha to Beta, answered after
1 h and closed: median 1 h, open 0.
"""

import re
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.core.access import partnership_access
from accord.lib import formatting
from accord.trust import presentation, selectors, services
from accord.trust.models import CommitmentStatus
from accord.trust.tests.base import TrustTestCase, at, days

PDF = b"%PDF-1.4\n%%EOF\n"


class FiguresTests(TrustTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        alpha = cls.party_a
        c1 = cls.deliver(cls.commit("One", -10), -12)
        services.commitment_confirm(
            commitment=c1, party=alpha, actor=cls.alice, expected_version=c1.version
        )
        cls.deliver(cls.commit("Two", -20), -15)
        cls.deliver(cls.commit("Three", -30), -30)
        cls.commit("Four", -5)
        cls.deliver(cls.commit("Five", -100), -120)
        six = cls.commit("Six", -40)
        services.commitment_break(
            commitment=six,
            party=alpha,
            actor=cls.alice,
            expected_version=None,
            reason="Never came.",
        )
        cls.commit("Seven", 10)
        eight = cls.deliver(cls.commit("Eight", -50), -52)
        services.commitment_dispute(
            commitment=eight, party=alpha, actor=cls.alice, expected_version=None, reason="Half."
        )
        cls.deliver(cls.commit("Nine", -3, visibility="private"), -3)
        cls.deliver(cls.commit("A1", -10, user=cls.alice), -10)
        cls.deliver(cls.commit("A2", -60, user=cls.alice), -59)

        by_bob, by_alice = cls.acting_as(cls.bob), cls.acting_as(cls.alice)
        l1 = services.item_create(**by_bob, title="Link one", url="https://example.com/1")
        services.item_create(**by_bob, title="Link two", url="https://example.com/2")
        doc = services.item_create(
            **by_bob,
            title="Plan",
            upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
        )
        services.item_create(
            **by_bob, title="Secret", url="https://example.com/s", visibility="private"
        )
        mine = services.item_create(**by_alice, title="Alpha's", url="https://example.com/a")
        for item in (l1, doc):
            services.item_mark_read(item=item, party=alpha, actor=cls.alice)
        services.item_mark_read(item=mine, party=cls.party_b, actor=cls.bob)

        for n, hours in enumerate((2, 10, 30, None)):
            with mock.patch("django.utils.timezone.now", return_value=at(0)):
                concern = services.concern_create(**by_bob, topic=f"C{n}", text="Why?")
            if hours is not None:
                with mock.patch("django.utils.timezone.now", return_value=at(hours)):
                    services.concern_answer(
                        concern=concern,
                        party=alpha,
                        actor=cls.alice,
                        expected_version=None,
                        text="Because.",
                    )
        with mock.patch("django.utils.timezone.now", return_value=at(0)):
            back = services.concern_create(**by_alice, topic="Back", text="And you?")
        with mock.patch("django.utils.timezone.now", return_value=at(1)):
            back = services.concern_answer(
                concern=back, party=cls.party_b, actor=cls.bob, expected_version=None, text="Ok."
            )
        services.concern_close(
            concern=back, party=alpha, actor=cls.alice, expected_version=back.version
        )

    def trust(self, user):
        grant = partnership_access(user, self.partnership.pk)
        return selectors.trust_of(grant.viewpoint, timezone.localdate(), 7)

    def party(self, trust, party):
        return next(f for f in trust.parties if f.party.pk == party.pk)

    def titles(self, records) -> set[str]:
        return {r.title for r in records}

    def test_betas_commitments_through_alphas_eyes(self):
        beta = self.party(self.trust(self.alice), self.party_b)
        t = beta.all_time
        self.assertEqual(len(t.counted), 7)
        self.assertEqual(self.titles(t.on_time), {"One", "Three", "Five"})
        self.assertEqual(t.rate, 0.4286)
        self.assertEqual(t.percent, 43)
        self.assertEqual(self.titles(t.late), {"Two"})
        self.assertEqual(self.titles(t.broken), {"Six"})
        self.assertEqual(self.titles(t.disputed), {"Eight"})
        self.assertEqual(self.titles(t.overdue), {"Four"})
        self.assertEqual(self.titles(beta.open), {"Seven"})
        recent = beta.recent
        self.assertEqual(
            self.titles(recent.counted), {"One", "Two", "Three", "Four", "Six", "Eight"}
        )
        self.assertEqual(self.titles(recent.on_time), {"One", "Three"})
        self.assertEqual(recent.rate, 0.3333)

    def test_betas_private_commitment_counts_only_for_beta(self):
        beta = self.party(self.trust(self.bob), self.party_b)
        self.assertEqual((len(beta.all_time.on_time), len(beta.all_time.counted)), (4, 8))
        self.assertEqual(beta.all_time.rate, 0.5)
        self.assertEqual(beta.recent.rate, 0.4286)
        self.assertNotIn("Nine", self.titles(self.trust(self.alice).commitments))
        self.assertNotIn("Nine", self.titles(self.trust(self.amy).commitments))

    def test_alphas_commitments(self):
        alpha = self.party(self.trust(self.bob), self.party_a)
        self.assertEqual(alpha.all_time.rate, 0.5)
        self.assertEqual(self.titles(alpha.all_time.late), {"A2"})
        self.assertEqual(alpha.recent.rate, 0.5)

    def test_the_trend_has_a_point_per_month_with_commitments(self):
        beta = self.party(self.trust(self.alice), self.party_b)
        months = {day.replace(day=1) for day in (days(-12), days(-15), days(-30), days(0))}
        months |= {days(-120).replace(day=1), days(-40).replace(day=1), days(-52).replace(day=1)}
        self.assertEqual({month for month, _ in beta.trend}, months)
        this_month = dict(beta.trend)[days(0).replace(day=1)]
        self.assertTrue(0 <= this_month <= 100)

    def test_the_trend_chart_spans_0_to_100_percent(self):
        """Whatever the rates, the axis runs from 0% to 100%, labelled as the page writes
        percentages, and a dot's tooltip says its rate the same way."""
        beta = self.party(self.trust(self.alice), self.party_b)
        svg = presentation.trend_chart(beta)
        ticks = re.findall(r'class="chart-tick-value"[^>]*>([^<]*)<', svg)
        self.assertEqual(ticks, ["0%", "50%", "100%"])
        rate = dict(beta.trend)[days(0).replace(day=1)]
        self.assertIn(f"<title>{formatting.percent(rate)} on ", svg)

    def test_sharing_reciprocity_through_alphas_eyes(self):
        sharing = self.trust(self.alice).sharing
        by_party = {s.party.pk: s for s in sharing.parties}
        beta, alpha = by_party[self.party_b.pk], by_party[self.party_a.pk]
        self.assertEqual(sharing.total, 4)
        self.assertEqual(
            (len(beta.shared), len(beta.read_by_others), len(beta.read_of_others), beta.share),
            (3, 2, 1, 0.75),
        )
        self.assertEqual(
            (len(alpha.shared), len(alpha.read_by_others), len(alpha.read_of_others)), (1, 1, 2)
        )
        self.assertEqual(alpha.share, 0.25)
        self.assertTrue(sharing.one_sided)
        self.assertEqual(
            sharing.verdict, "Sharing is one-sided: Beta Solar shared 3 of the 4 items."
        )

    def test_betas_private_item_counts_only_for_beta(self):
        sharing = self.trust(self.bob).sharing
        self.assertEqual(sharing.total, 5)
        beta = next(s for s in sharing.parties if s.party.pk == self.party_b.pk)
        self.assertEqual(beta.share, 0.8)

    def test_concerns_and_the_median_time_to_answer(self):
        by_party = {c.party.pk: c for c in self.trust(self.alice).concern_parties}
        alpha, beta = by_party[self.party_a.pk], by_party[self.party_b.pk]
        self.assertEqual(
            (len(alpha.raised_to), len(alpha.open), len(alpha.unanswered), alpha.median_hours),
            (4, 4, 1, 10.0),
        )
        self.assertEqual((len(beta.raised_to), len(beta.open), beta.median_hours), (1, 0, 1.0))

    def test_the_api_summary_gives_the_same_figures(self):
        body = self.api("get", f"/partnerships/{self.partnership.pk}/trust", self.alice).json()
        beta = next(c for c in body["commitments"] if c["party"]["id"] == self.party_b.pk)
        self.assertEqual(
            beta["all_time"],
            {
                "counted": 7,
                "kept_on_time": 3,
                "kept_late": 1,
                "broken": 1,
                "disputed": 1,
                "overdue": 1,
                "on_time_rate": "0.4286",
            },
        )
        self.assertEqual(beta["last_90_days"]["on_time_rate"], "0.3333")
        self.assertTrue(body["sharing"]["one_sided"])
        alpha = next(c for c in body["concerns"] if c["party"]["id"] == self.party_a.pk)
        self.assertEqual(alpha["median_hours_to_answer"], "10.0")
        self.assertEqual(body["grace_days"], 7)

    def test_the_page_shows_the_figures(self):
        response = self.page_as(self.alice, "accord-trust")
        self.assertContainsAll(
            response,
            "43 %",
            "3 of 7",
            "33 %",
            "2 of 6",
            "Sharing is one-sided: Beta Solar shared 3 of the 4 items.",
            "10.0 h",
            "<svg",
        )
        self.assertNotContains(response, "Nine")
        self.assertNotContains(response, "Secret")

    def test_the_cached_page_of_one_party_never_reaches_the_other(self):
        self.assertContains(self.page_as(self.bob, "accord-trust"), "Nine")
        self.assertNotContains(self.page_as(self.alice, "accord-trust"), "Nine")
        self.assertNotContains(self.page_as(self.vic, "accord-trust"), "Nine")
        self.assertContains(self.page_as(self.bea, "accord-trust"), "Nine")

    def test_statuses_are_as_the_example_says(self):
        statuses = {c.title: c.status for c in self.trust(self.bob).commitments}
        self.assertEqual(statuses["One"], CommitmentStatus.CONFIRMED)
        self.assertEqual(statuses["Six"], CommitmentStatus.BROKEN)
        self.assertEqual(statuses["Eight"], CommitmentStatus.DISPUTED)
