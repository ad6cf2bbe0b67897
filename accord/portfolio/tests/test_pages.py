"""The portfolio page and its CSV: who sees which rows, with whose snapshot, filtered, sorted,
paginated, and what needs attention."""

import csv
import io
from datetime import timedelta
from typing import Any

from django.urls import reverse

from accord.core.models import Partnership, Party, Stage
from accord.core.services import partnership_create
from accord.portfolio.tests.factories import TODAY, history, snapshot
from tests.base import AccordTestCase


def streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def page_url(slug: str = "alpha", **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("accord-portfolio", args=[slug]) + (f"?{query}" if query else "")


class PortfolioTestCase(AccordTestCase):
    wind: Partnership
    wind_party: Party

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Alpha's own partnership, led by amy: alice is not on its team.
        cls.wind = partnership_create(organization=cls.alpha, actor=cls.amy, name="Wind farm")
        cls.wind_party = Party.objects.get(partnership=cls.wind, organization=cls.alpha)
        Partnership.objects.filter(pk=cls.wind.pk).update(stage=Stage.ACTIVE)

    def page(self, user, slug: str = "alpha", **params):
        self.client.force_login(user)
        return self.client.get(page_url(slug, **params))

    def names_in(self, response) -> list[str]:
        return [row.name for row in response.context["rows"]]


class WhoSeesWhatTests(PortfolioTestCase):
    def test_an_admin_sees_every_partnership_of_the_organization(self):
        self.assertEqual(self.names_in(self.page(self.amy)), ["Solar rollout", "Wind farm"])

    def test_a_member_sees_the_partnerships_whose_team_they_are_on(self):
        self.assertEqual(self.names_in(self.page(self.alice)), ["Solar rollout"])
        self.assertEqual(self.names_in(self.page(self.ann)), [])

    def test_another_organization_or_an_outsider_is_told_it_does_not_exist(self):
        for user in (self.bea, self.olga):
            with self.subTest(user=user.email):
                self.assertEqual(self.page(user).status_code, 404)

    def test_each_organization_reads_its_own_snapshot_never_the_partners(self):
        snapshot(self.party_a, 81, overdue=1)
        snapshot(self.party_b, 12, overdue=9, high_risks=4)
        alpha = self.page(self.amy)
        row = next(r for r in alpha.context["rows"] if r.name == "Solar rollout")
        self.assertEqual((row.health, row.overdue, row.risks), ("81", "1", "0"))
        self.assertNotContains(alpha, ">12<")
        beta = self.page(self.bea, "beta")
        self.assertEqual(
            [(r.health, r.overdue, r.risks) for r in beta.context["rows"]],
            [("12", "9", "4 (4 without a plan)")],
        )

    def test_a_partnership_without_a_snapshot_says_so_never_zero(self):
        response = self.page(self.amy)
        self.assertContains(response, "No health check yet", count=2)
        self.assertNotContains(response, ">0<")

    def test_the_portfolio_link_leads_to_ones_only_organization(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("accord-portfolio-home"))
        self.assertRedirects(response, page_url())


class FilterAndSortTests(PortfolioTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        snapshot(cls.party_a, 40, weakest=5, overdue=2, next_review=TODAY + timedelta(days=3))
        snapshot(cls.wind_party, 90, weakest=6, high_risks=3, planned=3)

    def test_each_filter_narrows_the_list(self):
        cases = {
            "stage=active": ["Wind farm"],
            "stage=exploring": ["Solar rollout"],
            "band=poor": ["Solar rollout"],
            "band=good": ["Wind farm"],
            "partner=beta": ["Solar rollout"],
            "weakest=6": ["Wind farm"],
            "weakest=5&partner=beta": ["Solar rollout"],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.client.force_login(self.amy)
                response = self.client.get(f"{page_url()}?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.names_in(response), expected)

    def test_each_sort_orders_the_list(self):
        cases = {
            "health": ["Solar rollout", "Wind farm"],
            "-health": ["Wind farm", "Solar rollout"],
            "name": ["Solar rollout", "Wind farm"],
            "-name": ["Wind farm", "Solar rollout"],
            "-overdue": ["Solar rollout", "Wind farm"],
            "-risks": ["Wind farm", "Solar rollout"],
            "next_review": ["Solar rollout", "Wind farm"],
            "-next_review": ["Wind farm", "Solar rollout"],
        }
        for sort, expected in cases.items():
            with self.subTest(sort=sort):
                self.assertEqual(self.names_in(self.page(self.amy, sort=sort)), expected)

    def test_the_change_sort_puts_the_biggest_drop_first(self):
        history(self.wind_party, [95, 90, 85, 80, 60])
        self.assertEqual(
            self.names_in(self.page(self.amy, sort="change")), ["Wind farm", "Solar rollout"]
        )
        row = self.page(self.amy, sort="change").context["rows"][0]
        self.assertEqual(row.change, "-35")  # 60 now, 95 four weeks ago
        self.assertIn("<svg", row.trend)

    def test_bad_values_are_refused_with_a_clear_message_and_left_out(self):
        for name, value in (
            ("stage", "bogus"),
            ("band", "<script>"),
            ("partner", "gamma"),
            ("weakest", "9"),
            ("weakest", "x"),
            ("sort", "password"),
        ):
            with self.subTest(name=name, value=value):
                response = self.page(
                    self.amy,
                    **{name: value, "stage": "active"} if name != "stage" else {name: value},
                )
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "could not be used", status_code=400)
                self.assertNotContains(response, "<script>", status_code=400)

    def test_a_bad_page_number_shows_a_page(self):
        for value in ("x", "-1", "99999999999999999999"):
            with self.subTest(page=value):
                self.assertEqual(self.page(self.amy, page=value).status_code, 200)


class PaginationTests(PortfolioTestCase):
    def test_the_page_shows_fifty_rows_and_links_the_next(self):
        made = Partnership.objects.bulk_create(
            [Partnership(name=f"Bulk {i:03}") for i in range(55)]
        )
        Party.objects.bulk_create([Party(partnership=p, organization=self.alpha) for p in made])
        first = self.page(self.amy, sort="name")
        self.assertEqual(len(first.context["rows"]), 50)
        self.assertContains(first, "Page 1 of 2")
        self.assertContains(first, "sort=name&amp;page=2")
        second = self.page(self.amy, sort="name", page=2)
        self.assertEqual(
            self.names_in(second),
            [
                "Bulk 050",
                "Bulk 051",
                "Bulk 052",
                "Bulk 053",
                "Bulk 054",
                "Solar rollout",
                "Wind farm",
            ],
        )


class AttentionTests(PortfolioTestCase):
    def attention(self) -> dict[str, tuple[str, ...]]:
        return {row.name: reasons for row, reasons in self.page(self.amy).context["attention"]}

    def test_each_reason_is_given_in_words(self):
        snapshot(
            self.party_a,
            30,
            overdue=2,
            high_risks=3,
            planned=2,
            next_review=TODAY + timedelta(days=2),
        )
        history(self.wind_party, [90, 88, 86, 80, 75], overdue=1)
        found = self.attention()
        self.assertEqual(list(found), ["Solar rollout", "Wind farm"])
        self.assertEqual(
            found["Solar rollout"],
            (
                "Health 30 of 100: at risk",
                "2 commitments overdue",
                "1 high risk without a plan",
                f"Review due {self.day(TODAY + timedelta(days=2))}",
            ),
        )
        self.assertEqual(
            found["Wind farm"], ("Down 15 points in four weeks", "1 commitment overdue")
        )

    def test_a_late_review_is_called_overdue(self):
        snapshot(self.party_a, 80, next_review=TODAY - timedelta(days=1))
        reasons = self.attention()["Solar rollout"]
        self.assertEqual(reasons, (f"Review overdue since {self.day(TODAY - timedelta(days=1))}",))

    def test_a_healthy_portfolio_needs_nothing(self):
        snapshot(self.party_a, 80)
        snapshot(self.wind_party, 76)
        response = self.page(self.amy)
        self.assertEqual(response.context["attention"], [])
        self.assertContains(response, "Nothing stands out this week")

    def day(self, value) -> str:
        from accord.lib.formatting import day

        return day(value)


class NastyNameTests(PortfolioTestCase):
    def test_long_unicode_and_markup_names_are_shown_escaped(self):
        # The longest a name may be (200) in one unbreakable word; odd unicode; markup.
        for name in ("x" * 200, "Ω≈ç√ \u202e reversed 🚀", "<script>alert(1)</script>"):
            with self.subTest(name=name[:20]):
                Partnership.objects.filter(pk=self.wind.pk).update(name=name)
                snapshot(self.wind_party, 20, taken_on=TODAY)
                response = self.page(self.amy)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>alert")
                csv_body = self.download()
                self.assertIn(name, csv_body)

    def download(self) -> str:
        self.client.force_login(self.amy)
        response = self.client.get(reverse("accord-portfolio-csv", args=["alpha"]))
        return streamed(response)


class CsvTests(PortfolioTestCase):
    def download(self, user=None, query: str = "") -> tuple:
        self.client.force_login(user or self.amy)
        response = self.client.get(reverse("accord-portfolio-csv", args=["alpha"]) + query)
        if response.status_code != 200:
            return response, []
        body = streamed(response)
        return response, list(csv.reader(io.StringIO(body)))

    def test_it_lists_every_row_with_its_figures(self):
        snapshot(self.party_a, 55, weakest=5, overdue=2, high_risks=3, planned=1, weighed=0)
        response, lines = self.download()
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('attachment; filename="portfolio-alpha-', response["Content-Disposition"])
        self.assertEqual(lines[0][:4], ["Partnership", "Stage", "Partners", "Health"])
        solar = next(line for line in lines if line[0] == "Solar rollout")
        self.assertEqual(
            solar[2:12],
            [
                "Beta Solar",
                "55",
                "Needs attention",
                "",
                "Plan for contingencies",
                "2",
                "3",
                "2",
                "",
                (TODAY + timedelta(days=60)).isoformat(),
            ],
        )
        wind = next(line for line in lines if line[0] == "Wind farm")
        self.assertEqual(wind[3:5], ["", "No health check yet"])

    def test_it_follows_the_filters_and_refuses_bad_ones(self):
        _, lines = self.download(query="?stage=active")
        self.assertEqual([line[0] for line in lines[1:]], ["Wind farm"])
        response, _ = self.download(query="?band=awful")
        self.assertEqual(response.status_code, 400)
        self.assertIn("health band", response.content.decode())

    def test_a_formula_in_a_name_is_written_as_text(self):
        for name in ('=HYPERLINK("http://evil")', "+1", "-2+3", "@SUM(A1)"):
            with self.subTest(name=name):
                Partnership.objects.filter(pk=self.wind.pk).update(name=name)
                _, lines = self.download()
                self.assertIn(f"'{name}", [line[0] for line in lines])

    def test_a_member_downloads_only_their_rows(self):
        _, lines = self.download(self.alice)
        self.assertEqual([line[0] for line in lines[1:]], ["Solar rollout"])
