from datetime import timedelta

from django.utils import timezone

from accord.core.practices import practices
from accord.health.models import Snapshot
from accord.health.snapshots import snapshot_take
from accord.health.tests.helpers import end_partnership, private_alpha_risk, shared_beta_risk
from tests.base import AccordTestCase


class HealthApiTests(AccordTestCase):
    def path(self, tail: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/health{tail}"

    def test_it_answers_every_practice_weakest_first_with_figures_and_perception(self):
        risk = shared_beta_risk(self)
        response = self.api("get", self.path(), self.bob)
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        slugs = [p.slug for p in practices()]
        self.assertEqual([row["practice"] for row in body["practices"]], slugs)
        self.assertEqual(sorted(body["weakest_first"]), sorted(slugs))
        self.assertEqual(body["parties_counted"], [self.party_b.pk])
        self.assertIn(body["band"], ["good", "fair", "poor", "unknown"])
        contingency = next(r for r in body["practices"] if r["practice"] == "contingency")
        self.assertIsInstance(contingency["evidence"]["score"], int)
        self.assertTrue(contingency["evidence"]["reasons"])
        named = [r for f in contingency["evidence"]["figures"] for r in f["records"]]
        self.assertIn(
            {
                "kind": "contingency.risk",
                "id": risk.pk,
                "label": risk.title,
                "url": risk.get_absolute_url(),
            },
            named,
        )
        alignment = next(r for r in body["practices"] if r["practice"] == "alignment")
        self.assertEqual(
            (alignment["evidence"]["score"], alignment["evidence"]["confidence_level"]),
            (None, "none"),
        )
        self.assertEqual(body["survey_round"]["id"], None)
        self.assertIsInstance(body["recommendations"], list)

    def test_perception_below_the_threshold_shows_no_respondents(self):
        body = self.api("get", self.path(), self.alice).json()
        for row in body["practices"]:
            for party in row["perception"]:
                if party["average"] is None:
                    self.assertIsNone(party["respondents"])
                    self.assertEqual(party["comments"], [])

    def test_a_private_record_never_reaches_the_partners_answer(self):
        private = private_alpha_risk(self)
        self.assertIn(private.title, self.api("get", self.path(), self.alice).content.decode())
        for user in (self.bob, self.bea):
            with self.subTest(user=user.email):
                text = self.api("get", self.path(), user).content.decode()
                self.assertNotIn(private.title, text)
                self.assertNotIn(f"#risk-{private.pk}", text)

    def test_outsiders_get_404(self):
        for user in (self.olga, self.ann):
            for tail in ("", "/snapshots"):
                with self.subTest(user=user.email, tail=tail):
                    self.assertEqual(self.api("get", self.path(tail), user).status_code, 404)


class SnapshotApiTests(AccordTestCase):
    def path(self, query: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/health/snapshots{query}"

    def test_an_editor_takes_their_partys_snapshot_now(self):
        response = self.api("post", self.path(), self.bob)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["party"], body["taken_on"]),
            (self.party_b.pk, timezone.localdate().isoformat()),
        )
        self.assertEqual(len(body["scores"]), 6)
        self.assertEqual(Snapshot.objects.get().party, self.party_b)

    def test_a_viewer_is_refused_and_an_archive_answers_409(self):
        self.assertEqual(self.api("post", self.path(), self.vic).status_code, 403)
        end_partnership(self)
        response = self.api("post", self.path(), self.alice)
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "partnership_ended")
        self.assertFalse(Snapshot.objects.exists())

    def test_the_trend_is_the_callers_party_only_oldest_first_and_bounded(self):
        today = timezone.localdate()
        for back in (200, 3, 2, 1):
            snapshot_take(party=self.party_a, today=today - timedelta(days=back))
        snapshot_take(party=self.party_b, today=today - timedelta(days=1))
        body = self.api("get", self.path(), self.alice).json()
        self.assertEqual(body["party"], self.party_a.pk)
        days = [item["taken_on"] for item in body["snapshots"]]
        self.assertEqual(
            days, [(today - timedelta(days=b)).isoformat() for b in (3, 2, 1)]
        )  # 200 days ago is before the default window
        self.assertEqual({item["party"] for item in body["snapshots"]}, {self.party_a.pk})
        since = (today - timedelta(days=365)).isoformat()
        limited = self.api("get", self.path(f"?since={since}&limit=2"), self.alice).json()
        self.assertEqual([i["taken_on"] for i in limited["snapshots"]], days[1:])
        beta = self.api("get", self.path(), self.bob).json()
        self.assertEqual([i["party"] for i in beta["snapshots"]], [self.party_b.pk])

    def test_bad_bounds_answer_400(self):
        for query in ("?since=yesterday", "?limit=0", "?limit=100000", "?since=99999-01-01"):
            with self.subTest(query=query):
                response = self.api("get", self.path(query), self.alice)
                self.assertEqual(response.status_code, 400, response.content)
