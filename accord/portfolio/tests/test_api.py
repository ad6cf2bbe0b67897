"""GET /organizations/{slug}/portfolio: the page's rows, filters and sorts, behind a cursor."""

from accord.core.models import Partnership, Party
from accord.portfolio.tests.factories import history, snapshot
from accord.portfolio.tests.test_pages import PortfolioTestCase

URL = "/organizations/alpha/portfolio"


class PortfolioApiTests(PortfolioTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        snapshot(cls.party_a, 40, weakest=5, overdue=2, high_risks=3, planned=1)
        snapshot(cls.party_b, 99, overdue=0)  # Beta's view: never in Alpha's answers

    def names(self, query: str = "", user=None) -> list[str]:
        return [row["name"] for row in self.api_list(URL + query, user or self.amy)]

    def test_it_answers_alphas_rows_with_alphas_snapshot(self):
        rows = self.api_list(URL, self.amy)
        self.assertEqual([r["name"] for r in rows], ["Wind farm", "Solar rollout"])
        wind, solar = rows
        self.assertEqual(wind["checked_on"], None)
        self.assertEqual(wind["overall"], None)
        self.assertEqual(wind["band"], "unknown")
        self.assertEqual(
            {k: solar[k] for k in ("overall", "band", "partners", "overdue_commitments")},
            {"overall": 40, "band": "poor", "partners": ["Beta Solar"], "overdue_commitments": 2},
        )
        self.assertEqual((solar["open_high_risks"], solar["high_risks_without_plan"]), (3, 2))
        self.assertEqual(solar["weakest_name"], "Plan for contingencies")

    def test_a_member_gets_their_teams_rows_only(self):
        self.assertEqual(self.names(user=self.alice), ["Solar rollout"])

    def test_filters_and_orderings(self):
        self.assertEqual(self.names("?band=poor"), ["Solar rollout"])
        self.assertEqual(self.names("?stage=active"), ["Wind farm"])
        self.assertEqual(self.names("?partner=beta"), ["Solar rollout"])
        self.assertEqual(self.names("?weakest=5"), ["Solar rollout"])
        self.assertEqual(self.names("?ordering=-health"), ["Solar rollout", "Wind farm"])
        self.assertEqual(self.names("?ordering=name"), ["Solar rollout", "Wind farm"])
        history(self.wind_party, [90, 80, 70, 60, 50])
        self.assertEqual(self.names("?ordering=change"), ["Wind farm", "Solar rollout"])

    def test_bad_parameters_answer_400_naming_them(self):
        for query, field in (
            ("?band=awful", "band"),
            ("?weakest=9", "weakest"),
            ("?partner=<x>", "partner"),
            ("?ordering=secret", "ordering"),
            ("?cursor=nope", "cursor"),
            ("?bogus=1", "bogus"),
        ):
            with self.subTest(query=query):
                response = self.api("get", URL + query, self.amy)
                self.assertEqual(response.status_code, 400, response.content)
                fields = [e["field"] for e in response.json()["errors"]]
                self.assertTrue(any(field in f for f in fields), fields)

    def test_pages_follow_each_other_in_every_ordering(self):
        made = Partnership.objects.bulk_create([Partnership(name=f"Bulk {i}") for i in range(7)])
        parties = Party.objects.bulk_create(
            [Party(partnership=p, organization=self.alpha) for p in made]
        )
        for i, party in enumerate(parties):
            snapshot(party, 10 * i if i % 3 else None, overdue=i % 2)
        for ordering in ("health", "-health", "change", "overdue", "-risks", "next_review"):
            with self.subTest(ordering=ordering):
                paged = self.api_list(f"{URL}?ordering={ordering}", self.amy, limit=2)
                whole = self.api_list(f"{URL}?ordering={ordering}", self.amy)
                self.assertEqual(len(paged), 9)
                self.assertEqual(paged, whole)

    def test_other_organizations_and_outsiders_are_told_it_does_not_exist(self):
        for user in (self.bea, self.olga):
            with self.subTest(user=user.email):
                self.assertEqual(self.api("get", URL, user).status_code, 404)
