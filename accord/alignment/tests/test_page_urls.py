"""The alignment pages reverse their URLs once per page, not once per row, and every URL they
print still leads to the view it names."""

import re
from pathlib import Path
from unittest import mock

from django.template import defaulttags
from django.urls import resolve, reverse

from accord.alignment import views
from accord.alignment.models import LinkKind
from accord.alignment.tests.helpers import endorse, goal, link, objective
from tests.base import AccordTestCase

TEMPLATES = Path(views.__file__).resolve().parent / "templates" / "alignment"
LINKS = re.compile(r'(?:href|action|hx-post)="(/partnerships/\d+/[^"#?]*)')
PAGES = ("accord-alignment", "accord-objectives", "accord-goals", "accord-links")


class AlignmentUrlTests(AccordTestCase):
    def grow(self, n: int) -> None:
        for i in range(n):
            target = goal(self, self.alice, f"Goal {self.grown + i}")
            endorse(self, target, self.party_a, self.party_b)
            for user in (self.alice, self.bob):
                aim = objective(self, user, f"Aim {self.grown + i}")
                link(aim, target, user, LinkKind.CONFLICTS if i % 2 else LinkKind.SUPPORTS)
        self.grown += n

    def setUp(self) -> None:
        self.grown = 0
        self.client.force_login(self.alice)

    def url_tags(self, name: str) -> int:
        """How many `{% url %}` tags one GET of the page renders."""
        render = defaulttags.URLNode.render
        with mock.patch.object(
            defaulttags.URLNode, "render", autospec=True, side_effect=render
        ) as tag:
            response = self.client.get(reverse(name, args=[self.partnership.pk]))
        self.assertEqual(response.status_code, 200)
        return tag.call_count

    def test_url_tags_do_not_grow_with_the_rows(self):
        self.grow(1)
        before = {name: self.url_tags(name) for name in PAGES}
        self.grow(6)
        self.assertEqual({name: self.url_tags(name) for name in PAGES}, before)

    def test_alignment_templates_print_urls_made_in_the_view(self):
        for template in TEMPLATES.glob("*.html"):
            with self.subTest(template.name):
                self.assertNotIn("{% url", template.read_text())

    def test_every_printed_url_leads_to_its_view(self):
        self.grow(3)
        for name in PAGES:
            html = self.client.get(reverse(name, args=[self.partnership.pk])).content.decode()
            for url in set(LINKS.findall(html)):
                with self.subTest(page=name, url=url):
                    match = resolve(url)
                    self.assertEqual(match.kwargs.get("pk"), self.partnership.pk)
                    for key, value in match.kwargs.items():
                        if key.endswith("_id"):
                            self.assertIn(f"/{value}/", url)

    def test_row_urls_are_the_reversed_ones(self):
        urls = views.AlignmentUrls.of(self.partnership.pk)
        for field in views.ROW_URLS:
            with self.subTest(field):
                row = getattr(urls, field)
                expected = reverse(f"accord-{field.replace('_', '-')}", args=[7, 42])
                self.assertEqual(
                    f"{row.head}42{row.tail}".replace(f"/{self.partnership.pk}/", "/7/", 1),
                    expected,
                )
