"""Suggestions: the matcher measured on labelled pairs, the ranked list, and proposing a goal."""

from django.urls import reverse

from accord.alignment.models import Objective, ObjectiveLink, SharedGoal
from accord.alignment.suggestions import (
    THRESHOLD,
    shared_words,
    significant_words,
    similarity,
    suggestions_for,
)
from accord.alignment.tests.helpers import goal, grant_of, link, objective
from accord.alignment.tests.labelled_pairs import PAIRS
from tests.base import AccordTestCase

# Measured on labelled_pairs.PAIRS at THRESHOLD 52: 11 of 12 related pairs found (the miss:
# "Win more tenders for public buildings" / "Solar on municipal roofs" share no words), no
# unrelated pair suggested. The test allows a small margin for tuning.
MEASURED_PRECISION = 1.0
MEASURED_RECALL = 11 / 12
MARGIN = 0.05


def words_of(pair_side: tuple[str, str]) -> list[str]:
    return significant_words(f"{pair_side[0]} {pair_side[1]}")


class MatcherQualityTests(AccordTestCase):
    def test_precision_and_recall_on_the_labelled_pairs_hold(self):
        found = [
            (similarity(words_of(first), words_of(second)) >= THRESHOLD, related)
            for first, second, related in PAIRS
        ]
        true_positives = sum(1 for hit, related in found if hit and related)
        precision = true_positives / sum(1 for hit, _ in found if hit)
        recall = true_positives / sum(1 for _, related in found if related)
        self.assertGreaterEqual(len(PAIRS), 20)
        self.assertGreaterEqual(precision, MEASURED_PRECISION - MARGIN)
        self.assertGreaterEqual(recall, MEASURED_RECALL - MARGIN)

    def test_common_words_do_not_count(self):
        self.assertEqual(
            significant_words("Cut the lead time for our installations by 2027"),
            ["cut", "lead", "time", "installations", "2027"],
        )

    def test_shared_words_tolerate_plurals(self):
        self.assertEqual(
            shared_words(["deliver", "panels", "port"], ["panel", "delivery", "port"]),
            ["deliver", "panels", "port"],
        )


class SuggestionListTests(AccordTestCase):
    a_solar: Objective
    a_lead: Objective
    a_secret: Objective
    b_solar: Objective
    b_lead: Objective
    b_secret: Objective
    b_other: Objective

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a_solar = objective(cls, cls.alice, "Install rooftop solar on homes")
        cls.a_lead = objective(cls, cls.alice, "Cut installation lead time")
        cls.a_secret = objective(cls, cls.alice, "Faster panel delivery", visibility="private")
        cls.b_solar = objective(cls, cls.bob, "More rooftop solar installs on homes")
        cls.b_lead = objective(cls, cls.bob, "Shorter lead time for installation")
        cls.b_secret = objective(cls, cls.bob, "Deliver panels within days", visibility="private")
        cls.b_other = objective(cls, cls.bob, "Hire a regional sales team")

    def pairs(self, user) -> list[tuple[str, str]]:
        return [
            (s.first.title, s.second.title) for s in suggestions_for(grant_of(self, user).viewpoint)
        ]

    def test_related_pairs_of_different_parties_are_ranked_with_a_reason(self):
        found = suggestions_for(grant_of(self, self.alice).viewpoint)
        pairs = [(s.first.title, s.second.title) for s in found]
        self.assertIn(
            ("Install rooftop solar on homes", "More rooftop solar installs on homes"), pairs
        )
        self.assertIn(("Cut installation lead time", "Shorter lead time for installation"), pairs)
        self.assertEqual([s.score for s in found], sorted((s.score for s in found), reverse=True))
        solar = next(s for s in found if s.first == self.a_solar)
        self.assertIn("rooftop", solar.words)
        self.assertIn(f"similarity {solar.score}/100", solar.reason)
        self.assertTrue(all(s.first.owner_party_id != s.second.owner_party_id for s in found))

    def test_the_other_partys_private_objectives_are_never_suggested(self):
        as_alpha = [title for pair in self.pairs(self.alice) for title in pair]
        self.assertNotIn("Deliver panels within days", as_alpha)
        as_beta = [title for pair in self.pairs(self.bob) for title in pair]
        self.assertNotIn("Faster panel delivery", as_beta)
        self.assertNotIn("Hire a regional sales team", as_alpha)

    def test_ones_own_private_objective_is_suggested_to_ones_own_organization(self):
        objective(self, self.bob, "Panel delivery from the port")
        self.assertIn(
            ("Faster panel delivery", "Panel delivery from the port"), self.pairs(self.alice)
        )
        as_beta = [title for pair in self.pairs(self.bob) for title in pair]
        self.assertNotIn("Faster panel delivery", as_beta)

    def test_pairs_that_already_support_the_same_goal_are_left_out(self):
        target = goal(self, self.alice, "Solar homes")
        link(self.a_solar, target, self.alice)
        link(self.b_solar, target, self.bob)
        self.assertNotIn(
            ("Install rooftop solar on homes", "More rooftop solar installs on homes"),
            self.pairs(self.alice),
        )

    def test_the_api_lists_suggestions_with_ids_and_reason(self):
        response = self.api("get", f"/partnerships/{self.partnership.pk}/suggestions", self.bob)
        self.assertEqual(response.status_code, 200)
        first = response.json()[0]
        self.assertEqual(len(first["objectives"]), 2)
        self.assertTrue(first["reason"] and first["shared_words"] and first["score"] >= THRESHOLD)


class ProposeGoalTests(AccordTestCase):
    a_solar: Objective
    a_secret: Objective
    b_solar: Objective

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a_solar = objective(cls, cls.alice, "Install rooftop solar on homes")
        cls.a_secret = objective(cls, cls.alice, "Secret margin target", visibility="private")
        cls.b_solar = objective(cls, cls.bob, "More rooftop solar installs on homes")

    def propose(self, user, *ids):
        return self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/suggestions/goal",
            user,
            {"objectives": list(ids)},
        )

    def test_it_drafts_a_goal_and_links_only_the_callers_own_objective(self):
        response = self.propose(self.alice, self.a_solar.pk, self.b_solar.pk)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertFalse(body["agreed"])
        self.assertEqual(body["endorsed_by"], [])
        self.assertIn("Install rooftop solar on homes", body["title"])
        self.assertIn("Beta Solar's “More rooftop solar installs on homes”", body["description"])
        made = SharedGoal.objects.get(pk=body["id"])
        self.assertEqual(
            list(ObjectiveLink.objects.filter(goal=made).values_list("objective_id", "kind")),
            [(self.a_solar.pk, "supports")],
        )

    def test_a_private_objective_is_linked_but_never_named_in_the_shared_goal(self):
        response = self.propose(self.alice, self.a_secret.pk, self.b_solar.pk)
        body = response.json()
        self.assertNotIn("Secret", body["title"] + body["description"])
        made_link = ObjectiveLink.objects.get(goal_id=body["id"])
        self.assertEqual((made_link.objective, made_link.visibility), (self.a_secret, "private"))

    def test_it_refuses_two_objectives_of_one_party_or_unseen_ones(self):
        other = objective(self, self.alice, "Another Alpha aim")
        secret_b = objective(self, self.bob, "Beta's hidden aim", visibility="private")
        for ids in (
            (self.a_solar.pk, other.pk),
            (self.a_solar.pk, secret_b.pk),
            (self.a_solar.pk, self.a_solar.pk),
            (self.a_solar.pk, 10**12),
        ):
            with self.subTest(ids=ids):
                self.assertEqual(self.propose(self.alice, *ids).status_code, 400)
        self.assertFalse(SharedGoal.objects.exists())

    def test_the_page_button_proposes_and_opens_the_draft(self):
        page = self.page_as(self.bob, "accord-suggestions")
        self.assertContains(page, "Propose a shared goal from these")
        response = self.client.post(
            reverse("accord-suggestion-propose", args=[self.partnership.pk]),
            {"first": self.a_solar.pk, "second": self.b_solar.pk},
        )
        made = SharedGoal.objects.get()
        self.assertRedirects(
            response, reverse("accord-goal-edit", args=[self.partnership.pk, made.pk])
        )
        self.assertEqual(ObjectiveLink.objects.get().objective, self.b_solar)
