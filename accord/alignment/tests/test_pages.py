"""The practice's pages: they render for every role, under the strict CSP, and the matrix
scrolls on phones."""

import re
from pathlib import Path

from django.urls import reverse

from accord.alignment.models import Objective, SharedGoal
from accord.alignment.tests.helpers import endorse, goal, link, objective
from tests.base import AccordTestCase

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "alignment"
PAGES = [
    "accord-alignment",
    "accord-objectives",
    "accord-goals",
    "accord-links",
    "accord-suggestions",
]


class PageTests(AccordTestCase):
    aim: Objective
    theirs: Objective
    reach: SharedGoal

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.aim = objective(cls, cls.alice, "Rooftop solar for homes")
        cls.theirs = objective(cls, cls.bob, "More rooftop solar on homes")
        cls.reach = goal(cls, cls.alice, "Solar homes")
        endorse(cls, cls.reach, cls.party_a)
        link(cls.aim, cls.reach, cls.alice)
        link(cls.theirs, cls.reach, cls.bob, "conflicts")

    def test_templates_have_no_inline_styles_or_scripts(self):
        for template in TEMPLATES.glob("*.html"):
            text = template.read_text()
            with self.subTest(template=template.name):
                self.assertNotIn("style=", text)
                self.assertNotIn("<script", text)
                self.assertIsNone(re.search(r"\son[a-z]+=", text))  # no inline event handlers

    def test_every_page_renders_for_a_viewer_without_change_buttons(self):
        self.client.force_login(self.vic)
        for name in PAGES:
            with self.subTest(page=name):
                response = self.client.get(reverse(name, args=[self.partnership.pk]))
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Endorse for")
                self.assertNotContains(response, ">Resolve<")
                self.assertNotContains(response, "Propose a shared goal from these")

    def test_the_goals_page_offers_endorse_and_withdraw_for_ones_own_party(self):
        response = self.page_as(self.bob, "accord-goals")
        self.assertContains(response, "Endorse for Beta Solar")
        self.assertNotContains(response, "Endorse for Alpha Energy")
        response = self.page_as(self.alice, "accord-goals")
        self.assertContains(response, "Withdraw Alpha Energy's endorsement")

    def test_the_matrix_sits_in_a_horizontally_scrolling_wrapper(self):
        response = self.page_as(self.alice, "accord-alignment")
        self.assertContains(response, 'class="table-wrap align-matrix-wrap"')
        self.assertContains(response, "kind-conflicts kind-open")
        css = (Path(__file__).resolve().parents[2] / "static/accord/alignment.css").read_text()
        self.assertIn(".align-matrix-wrap {\n  overflow-x: auto;", css)
        # Positioned, so visually hidden (absolute) header text is clipped by the wrapper
        # instead of widening the whole page on a phone.
        app_css = (Path(__file__).resolve().parents[2] / "static/accord/app.css").read_text()
        self.assertRegex(app_css, r"\.table-wrap \{[^}]*position: relative;[^}]*overflow-x: auto;")

    def test_the_conflict_owner_sees_the_resolve_form(self):
        response = self.page_as(self.bob, "accord-links")
        self.assertContains(response, ">Resolve<")
        self.assertContains(response, "Open conflicts (1)")
