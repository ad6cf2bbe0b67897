"""What the page caches hold is shared by every viewer with the same key: never a CSRF token
(another user's token would let its reader forge that user's requests); a form only where its
token is a slot filled for each request (the RACI matrix, decision 0025)."""

import pickle
import re

from django.core.cache import caches
from django.template import Context, Template
from django.urls import reverse

from accord.alignment.tests.helpers import goal, objective
from accord.lib.fragments import CSRF_SLOT
from accord.roles.tests.helpers import activity, workstream
from tests.base import AccordTestCase


class CachedFragmentsHoldNoFormTests(AccordTestCase):
    def setUp(self) -> None:
        for name in ("pages", "fragments"):
            caches[name].clear()
        goal(self, self.alice, "Rooftops in every town")
        objective(self, self.bob, "Install 500 roofs")
        activity(self, workstream(self, "Launch"), "Plan the launch")

    def cached_texts(self) -> list[str]:
        texts = []
        for name in ("pages", "fragments"):
            store = vars(caches[name])["_cache"]  # LocMemCache's own dict: key -> pickled value
            texts += [_as_text(pickle.loads(value)) for value in store.values()]
        return texts

    def test_no_cached_fragment_carries_a_csrf_token_or_a_form(self):
        for user in (self.alice, self.bob):
            self.client.force_login(user)
            for name, args in (
                ("accord-partnerships", []),
                ("accord-alignment", [self.partnership.pk]),
                ("accord-longterm", [self.partnership.pk]),
                ("accord-partnership-history", [self.partnership.pk]),
                ("accord-trust", [self.partnership.pk]),
                ("accord-roles", [self.partnership.pk]),
            ):
                response = self.client.get(reverse(name, args=args))
                self.assertEqual(response.status_code, 200, name)
        texts = self.cached_texts()
        self.assertGreaterEqual(len(texts), 6)  # each page cached something
        slotted = 0
        for text in texts:
            tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', text)
            self.assertEqual(text.count("csrfmiddlewaretoken"), len(tokens))
            self.assertEqual(set(tokens) - {CSRF_SLOT}, set())
            if "<form" in text:
                self.assertEqual(text.count("<form"), len(tokens))  # each with its slot
                slotted += 1
        self.assertEqual(slotted, 2)  # the matrix, as seen by alice's party and by bob's


def _as_text(value: object) -> str:
    """A cached fragment as a page gets it: one string, or the parts of one kept split at its
    forms' CSRF slots (`{% cached_forms %}`)."""
    return CSRF_SLOT.join(value) if isinstance(value, list) else str(value)


class CachedFormsTagTests(AccordTestCase):
    """`{% cached_forms %}` keeps a part with forms once for every viewer of its key, and
    gives each request the part with that request's own CSRF token."""

    TEMPLATE = (
        "{% load pages %}{% cached_forms part key %}"
        '<form method="post">{% csrf_token %}<p>{{ title }}</p></form>'
        "{% endcached_forms %}"
    )

    def render(self, token: str, title: str) -> str:
        context = {"key": "k1", "title": title, "csrf_token": token}
        return Template(self.TEMPLATE).render(Context(context))

    def test_each_render_carries_its_own_token_and_the_cache_none(self):
        caches["pages"].clear()
        first = self.render("token-of-alice", "Launch <plan>")
        second = self.render("token-of-bob", "not rendered: the cached part is served")
        self.assertIn('value="token-of-alice"', first)
        self.assertIn('value="token-of-bob"', second)
        self.assertIn("<p>Launch &lt;plan&gt;</p>", second)
        (cached,) = [pickle.loads(v) for v in vars(caches["pages"])["_cache"].values()]
        self.assertNotIn("token-of", "".join(cached))
        self.assertEqual(len(cached), 2)  # split at the one slot
