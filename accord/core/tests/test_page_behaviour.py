"""The pages' shared behaviour: one script of our own (no inline script: the CSP allows
'self' only), the confirmation dialog it fills, and scrolling tables reachable by keyboard."""

import re
from pathlib import Path

from django.urls import reverse

from tests.base import AccordTestCase

TEMPLATES = [
    *Path(__file__).resolve().parents[2].glob("templates/**/*.html"),
    *Path(__file__).resolve().parents[2].glob("*/templates/**/*.html"),
]


class PageBehaviourTests(AccordTestCase):
    def test_every_page_loads_the_script_and_has_the_dialog(self):
        page = self.page_as(self.alice, "accord-partnership")
        self.assertContains(page, 'src="/static/accord/app.js" defer')
        self.assertContains(page, '<dialog id="confirm-dialog"')

    def test_no_template_holds_an_inline_script_or_handler(self):
        for template in TEMPLATES:
            text = template.read_text()
            with self.subTest(template=template.name):
                self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)", text))
                self.assertIsNone(re.search(r"\son(click|submit|change|load)=", text))

    def test_every_scrolling_table_is_a_named_focusable_region(self):
        for template in TEMPLATES:
            for wrap in re.findall(r'<div class="table-wrap[^>]*>', template.read_text()):
                with self.subTest(template=template.name, wrap=wrap):
                    self.assertIn('tabindex="0"', wrap)
                    self.assertIn('role="region"', wrap)
                    self.assertRegex(wrap, r'aria-label="[^"]+"')

    def test_the_sign_in_link_is_a_target_of_its_own(self):
        response = self.client.get(reverse("accord-login"))
        self.assertContains(response, 'class="topnav-signin"')
        css = (Path(__file__).resolve().parents[2] / "static/accord/app.css").read_text()
        self.assertRegex(css, r"\.topnav-signin \{[^}]*min-height: 2\.5rem")
