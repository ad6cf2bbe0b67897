"""The RACI matrix page is served from the fragment cache until something it shows changes; its
cell forms carry each requester's own CSRF token, never one kept in the cache; and a matrix
rendered for one organization never reaches a viewer of another."""

import pickle
import re
from datetime import timedelta

from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from accord.core.records import record_update
from accord.lib.fragments import CSRF_SLOT
from accord.roles import services
from accord.roles.models import RuleKind
from accord.roles.tests.helpers import activity, assign, workstream
from tests.base import AccordTestCase

SECRET = "Secret 98765.43"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


class RolesFragmentCacheTests(AccordTestCase):
    def setUp(self) -> None:
        caches["pages"].clear()
        self.stream = workstream(self, "Launch")
        self.task = activity(self, self.stream, "Plan the launch")

    def page(self, user) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse("accord-roles", args=[self.partnership.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def cached_texts(self) -> list[str]:
        store = vars(caches["pages"])["_cache"]  # LocMemCache's own dict: key -> pickled value
        return [_as_text(pickle.loads(value)) for value in store.values()]

    def test_each_request_fills_the_cell_forms_with_its_own_token(self):
        first = self.page(self.bea)
        again = self.page(self.bob)  # the same key (same party, same rights): from the cache
        self.assertIn('name="letter"', again)
        tokens = set(TOKEN.findall(again))
        self.assertEqual(len(tokens), 1)  # every form of the page carries the same token
        self.assertNotIn(CSRF_SLOT, first + again)
        texts = self.cached_texts()
        self.assertTrue(any(CSRF_SLOT in text for text in texts))
        for text in texts:
            self.assertEqual(TOKEN.findall(text), [CSRF_SLOT] * len(TOKEN.findall(text)))

    def test_the_token_posts_the_cell(self):
        self.page(self.bea)  # a cached matrix, rendered for another user
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.alice)
        url = reverse("accord-roles", args=[self.partnership.pk])
        content = client.get(url).content.decode()
        token = TOKEN.findall(content)[0]
        cell = reverse("accord-raci-cell", args=[self.partnership.pk, self.task.pk])
        posted = client.post(
            cell,
            {"csrfmiddlewaretoken": token, "party": self.party_a.pk, "letter": "A"},
        )
        self.assertEqual(posted.status_code, 302)
        self.assertEqual(self.task.assignments.get().letter, "A")

    def test_the_row_htmx_answers_carries_the_token_not_the_slot(self):
        self.page(self.alice)  # the cached page
        cell = reverse("accord-raci-cell", args=[self.partnership.pk, self.task.pk])
        row = self.client.post(
            cell, {"party": self.party_a.pk, "letter": "A"}, headers={"HX-Request": "true"}
        ).content.decode()
        self.assertTrue(row.lstrip().startswith(f'<tr id="activity-{self.task.pk}"'))
        tokens = set(TOKEN.findall(row))
        self.assertEqual(len(tokens), 1)
        self.assertNotIn(CSRF_SLOT, row)
        self.assertNotIn("", tokens)

    def test_a_change_shows_at_once(self):
        self.assertNotIn("raci-A", self.page(self.alice))
        assign(self, self.task, self.party_a, "A")
        self.assertIn("raci-A", self.page(self.alice))
        record_update(
            record=self.task,
            actor=self.alice,
            expected_version=self.task.version,
            changes={"title": "Plan the relaunch"},
        )
        content = self.page(self.alice)
        self.assertIn("Plan the relaunch", content)
        self.assertNotIn("Plan the launch<", content)

    def test_a_viewer_never_gets_an_editors_forms(self):
        self.assertIn('name="letter"', self.page(self.alice))
        self.assertNotIn('name="letter"', self.page(self.vic))
        matrix = self.page(self.vic).split('aria-label="RACI matrix"')[1].split("</table>")[0]
        self.assertNotIn("<form", matrix)

    def test_a_private_decision_counted_for_its_owner_never_reaches_the_other_party(self):
        rule = services.rule_create(
            party=self.party_a,
            actor=self.alice,
            title="Budget",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_a,
        )
        services.decision_create(
            party=self.party_a,
            actor=self.alice,
            rule=rule,
            title=SECRET,
            deadline=timezone.localdate() - timedelta(days=3),
            visibility="private",
        )
        for owner in (self.alice, self.amy, self.vic):
            self.assertIn("1 decision waiting past the deadline", self.page(owner), owner)
        for other in (self.bob, self.bea):
            self.assertIn("0 decisions waiting past the deadline", self.page(other), other)


def _as_text(value: object) -> str:
    """A cached fragment as a page gets it: one string, or the parts of one kept split at its
    forms' CSRF slots (`{% cached_forms %}`)."""
    return CSRF_SLOT.join(value) if isinstance(value, list) else str(value)
