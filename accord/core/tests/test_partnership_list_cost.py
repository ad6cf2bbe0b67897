"""The partnership list (page and API) reads one page in index order and counts cheaply, and
sees exactly what the access rules say."""

from typing import Any
from unittest import mock

from django.db import connection
from django.template import defaulttags
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from accord.core import access
from accord.core.models import Membership, Partnership, Party, Role, Stage
from accord.core.services import partnership_create
from tests.base import AccordTestCase, make_user


class PartnershipListCostTests(AccordTestCase):
    dual: Any
    users: list[Any]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for i in range(3):
            partnership_create(organization=cls.gamma, actor=cls.olga, name=f"Gamma {i}")
        # An admin of two organizations, and a member on a team of another's partnership.
        cls.dual = make_user("dual@alpha.test", cls.alpha, "admin")
        Membership.objects.create(user=cls.dual, organization=cls.gamma, role=Role.MEMBER)
        cls.users = [cls.amy, cls.alice, cls.vic, cls.ann, cls.bea, cls.bob, cls.olga, cls.dual]

    def expected(self, user) -> set[int]:
        """What the access rules say, through `parties_seen_by`."""
        return set(access.parties_seen_by(user).values_list("partnership_id", flat=True))

    def test_the_list_holds_exactly_the_partnerships_of_the_parties_seen(self):
        for user in self.users:
            with self.subTest(user.email):
                access.forget_roles(user)
                visible = set(access.partnerships_visible_to(user).values_list("pk", flat=True))
                self.assertEqual(visible, self.expected(user))

    def test_the_cheap_count_is_the_count_of_the_list(self):
        Partnership.objects.filter(name="Gamma 1").update(stage=Stage.ACTIVE)
        for user in self.users:
            for stage in (None, Stage.ACTIVE, Stage.EXPLORING):
                with self.subTest(user=user.email, stage=stage):
                    access.forget_roles(user)
                    visible = access.partnerships_visible_to(user)
                    if stage:
                        visible = visible.filter(stage=stage)
                    count = access.visible_partnership_count(user, stage)
                    self.assertEqual(count, visible.count())

    def test_an_organization_admin_s_list_does_not_look_at_teams(self):
        sql = str(access.partnerships_visible_to(self.olga).query)
        self.assertNotIn("teammember", sql.lower())
        self.assertEqual(sql.upper().count("EXISTS"), 1)

    def test_a_single_organization_admin_s_count_reads_only_parties(self):
        access.forget_roles(self.olga)
        access.organization_roles(self.olga)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(access.visible_partnership_count(self.olga), 3)
        self.assertEqual(len(queries), 1)
        self.assertNotIn("core_partnership", queries[0]["sql"].split("WHERE")[0])
        self.assertEqual(Party.objects.filter(organization=self.gamma).count(), 3)

    def test_the_list_is_sorted_on_an_index(self):
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(
                cursor, Partnership._meta.db_table
            )
        self.assertEqual(constraints["partnership_name_id"]["columns"], ["name", "id"])
        if connection.vendor == "sqlite":
            page = access.partnerships_visible_to(self.olga).order_by("name", "id")[:50]
            self.assertIn("USING INDEX partnership_name_id", page.explain())
            self.assertNotIn("TEMP B-TREE", page.explain())

    def test_page_and_api_show_the_same_count(self):
        self.client.force_login(self.olga)
        response = self.client.get(reverse("accord-partnerships"))
        self.assertContains(response, "Gamma 2")
        body = self.api("get", "/partnerships", self.olga).json()
        self.assertFalse(body["has_more"])
        self.assertEqual([p["name"] for p in body["items"]], ["Gamma 0", "Gamma 1", "Gamma 2"])


class PartnershipListRowTests(AccordTestCase):
    def url_tags(self) -> int:
        render = defaulttags.URLNode.render
        with mock.patch.object(
            defaulttags.URLNode, "render", autospec=True, side_effect=render
        ) as tag:
            response = self.client.get(reverse("accord-partnerships"))
        self.assertEqual(response.status_code, 200)
        return tag.call_count

    def test_rows_are_ready_made_and_link_to_their_partnership(self):
        partnership_create(organization=self.gamma, actor=self.olga, name="Gamma one")
        self.client.force_login(self.olga)
        before = self.url_tags()
        for i in range(12):
            partnership_create(organization=self.gamma, actor=self.olga, name=f"Gamma {i:02}")
        self.assertEqual(self.url_tags(), before)
        response = self.client.get(reverse("accord-partnerships"))
        for row in response.context["partnerships"]:
            with self.subTest(row.name):
                match = resolve(row.url)
                self.assertEqual(match.url_name, "accord-partnership")
                self.assertEqual(Partnership.objects.get(pk=match.kwargs["pk"]).name, row.name)
                self.assertEqual(row.parties[0].name, "Gamma Bank")
