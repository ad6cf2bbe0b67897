"""The Practice declaration: core finds every practice through it and names none itself."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from ninja import Router

from accord.core.practices import practices
from tests.base import AccordTestCase

ROOT = Path(settings.BASE_DIR)

# Where core plugs practices in: none of these may name a practice (its module, URL name or
# stylesheet), so that a new practice is one folder plus one line in INSTALLED_APPS.
PLUG_POINTS = [
    ROOT / "urls.py",
    ROOT / "api" / "routers.py",
    ROOT / "demo.py",
    ROOT / "templates" / "base.html",
    ROOT / "templates" / "core" / "partnership_base.html",
    ROOT.parent / "tests" / "test_access.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


class PracticeDeclarationTests(AccordTestCase):
    def test_the_practices_come_in_practice_order(self):
        self.assertEqual(
            [(p.number, p.slug) for p in practices()],
            [
                (1, "alignment"),
                (2, "trust"),
                (3, "roles"),
                (4, "communication"),
                (5, "contingency"),
                (6, "longterm"),
            ],
        )

    def test_core_names_no_practice_where_it_plugs_them_in(self):
        slugs = "|".join(p.slug for p in practices())
        named = re.compile(rf"accord[./-]({slugs})\b")
        for path in PLUG_POINTS:
            with self.subTest(path=path.name):
                self.assertIsNone(named.search(path.read_text()))

    def test_each_practice_gets_its_tab_in_order_and_its_stylesheet(self):
        page = self.page_as(self.alice, "accord-partnership")
        html = page.content.decode()
        tabs = [
            html.index(f'href="{reverse(p.tab_url, args=[self.partnership.pk])}"')
            for p in practices()
        ]
        self.assertEqual(tabs, sorted(tabs))
        for practice in practices():
            self.assertIn(f"/static/{practice.stylesheet}", html)
            self.assertIn(f">{practice.tab_label}</a>", html)

    def test_each_practice_declares_what_core_plugs_in(self):
        for practice in practices():
            with self.subTest(practice=practice.slug):
                self.assertIsInstance(practice.api_router(), Router)
                self.assertTrue(callable(practice.evidence_provider()))
                self.assertTrue(callable(practice.demo_loader()))
                self.assertTrue(practice.access_case_module().CASES)
                reverse(practice.tab_url, args=[self.partnership.pk])

    def test_selectors_take_a_viewpoint_and_stay_free_of_http_and_drawing(self):
        """Selectors are shared by pages, API, jobs and the health check: no grant (access),
        no HTTP response, no SVG."""
        refused = ("django.http", "django.shortcuts", "accord.core.access", "accord.lib.svgchart")
        for practice in practices():
            for name in ("selectors.py", "evidence.py"):
                path = ROOT / practice.slug / name
                with self.subTest(path=f"{practice.slug}/{name}"):
                    imports = imported_modules(path)
                    self.assertFalse([m for m in imports if m.startswith(refused)])


def practice_patterns(patterns) -> list[URLPattern]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += practice_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            found.append(pattern)
    return found


class PageDesignTests(AccordTestCase):
    def test_every_practice_page_has_its_own_view(self):
        """One URL per action (STYLE.md): no view is told by a URL argument which kind of record
        it handles, as long-term's `Kind` registry once was."""
        modules = {p.urls for p in practices()}
        patterns = [
            pattern
            for pattern in practice_patterns(get_resolver().url_patterns)
            if pattern.callback.__module__.replace(".views", ".urls") in modules
        ]
        self.assertTrue(patterns)
        for pattern in patterns:
            with self.subTest(route=pattern.name):
                self.assertEqual(pattern.default_args, {})
        views = [p.callback for p in patterns]
        self.assertEqual(len(views), len(set(views)), "one view serves several routes")
