"""Finding a partnership in the list: search, counts per stage, sorts, ended ones last by
default, in constant queries (the next review date: longterm/tests/test_next_review_in_list)."""

from datetime import date

from django.urls import reverse

from accord.core.models import Party, Stage, TeamRole
from accord.core.records import record_update
from accord.core.services import partnership_create, team_member_set
from tests.base import QueryCountTestCase


class PartnershipListFindingTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        specs = [
            ("Archive study", Stage.ENDED, date(2020, 1, 1)),
            ("Battery pilot", Stage.ACTIVE, date(2024, 5, 1)),
            ("Zeta logistics", Stage.EXPLORING, None),
        ]
        for name, stage, start in specs:
            p = partnership_create(
                organization=cls.alpha, actor=cls.alice, name=name, start_date=start
            )
            if stage != Stage.EXPLORING:
                record_update(
                    record=p, actor=cls.alice, expected_version=p.version, changes={"stage": stage}
                )

    def names(self, **query) -> list[str]:
        self.client.force_login(self.alice)
        response = self.client.get(reverse("accord-partnerships"), query)
        self.assertEqual(response.status_code, 200)
        return [row.name for row in response.context["partnerships"]]

    def test_ended_partnerships_come_last_by_default(self):
        self.assertEqual(
            self.names(), ["Battery pilot", "Solar rollout", "Zeta logistics", "Archive study"]
        )

    def test_it_sorts_by_name_stage_and_start(self):
        self.assertEqual(
            self.names(sort="name"),
            ["Archive study", "Battery pilot", "Solar rollout", "Zeta logistics"],
        )
        # Stages in their order: exploring (by name), active, ended.
        self.assertEqual(
            self.names(sort="stage"),
            ["Solar rollout", "Zeta logistics", "Battery pilot", "Archive study"],
        )
        # Newest start first, those without a start last.
        self.assertEqual(self.names(sort="start")[:2], ["Battery pilot", "Archive study"])

    def test_it_searches_names_and_organizations(self):
        self.assertEqual(self.names(q="pilot"), ["Battery pilot"])
        self.assertEqual(self.names(q="BETA SOLAR"), ["Solar rollout"])
        self.assertEqual(self.names(q="nothing like it"), [])

    def test_it_counts_each_stage_of_what_was_searched(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("accord-partnerships"), {"q": "a"})
        counts = {value: count for value, _, count in response.context["stages"]}
        self.assertEqual(counts[Stage.ENDED], 1)
        self.assertEqual(counts[Stage.EXPLORING], 2)
        self.assertEqual(response.context["total"], 4)
        self.assertContains(response, 'Ended<span class="count">')
        # A stage filter keeps the search and the sort in its links.
        response = self.client.get(reverse("accord-partnerships"), {"q": "a", "sort": "name"})
        self.assertContains(response, 'href="?q=a&amp;sort=name&amp;stage=ended"')

    def test_the_stage_filter_combines_with_search(self):
        self.assertEqual(self.names(q="o", stage="exploring"), ["Solar rollout", "Zeta logistics"])

    def test_bad_input_is_ignored_not_an_error(self):
        default = self.names()
        self.assertEqual(self.names(sort="password; drop"), default)
        self.assertEqual(self.names(stage="nope"), default)
        self.assertEqual(self.names(q="x" * 5000), [])
        self.assertEqual(self.names(q="   "), default)

    def test_an_outsider_finds_nothing_of_others(self):
        self.client.force_login(self.olga)
        response = self.client.get(reverse("accord-partnerships"), {"q": "solar"})
        self.assertEqual(response.context["partnerships"], [])
        self.assertEqual(response.context["total"], 0)

    def test_queries_stay_constant_when_searching_and_sorting(self):
        for sort in ("", "name", "stage", "start", "review"):
            with self.subTest(sort=sort):
                url = reverse("accord-partnerships") + f"?sort={sort}&q=o"
                self.assertConstant(url, self.alice, 6)

    def grow(self, n: int) -> None:
        for i in range(n):
            p = partnership_create(organization=self.alpha, actor=self.alice, name=f"Grown {i}")
            party = Party.objects.get(partnership=p, organization=self.alpha)
            team_member_set(party=party, user=self.vic, role=TeamRole.CONTRIBUTOR, actor=self.alice)
