"""Words for business users (issue 9): no jargon on the pages people read, one set of horizon
names, no command lines on the account page, and a glossary of the product's terms."""

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from accord.alignment import services as alignment
from accord.longterm import services as longterm
from accord.longterm.models import Kpi
from tests.base import AccordTestCase

# Looked for in the text a person reads (tags and their attributes left out), as words.
JARGON = [
    r"\b[Oo]rphans?\b",
    r"\bShare\b",
    r"\bVersion\b",
    r"Up and down KPIs",
    r"\+ ?\d+ without",
    r"without amount",
    r"per unit put in",
    r"\bcurl\b",
    r"Quick win",
    r"accord audit verify",
]


class WordsTests(AccordTestCase):
    kpi: Kpi

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        aim = alignment.objective_create(**cls.acting_as(cls.bob), title="Grow installs")
        del aim  # not linked to any goal: the figure once called "orphans"
        kpi = longterm.kpi_create(
            **cls.acting_as(cls.bob),
            name="Homes",
            baseline=Decimal(0),
            baseline_date=timezone.localdate() - timedelta(days=30),
            target=Decimal(100),
            target_date=timezone.localdate() + timedelta(days=30),
            horizon="quick_win",
        )
        cls.kpi = kpi
        for flow, amount in (("contribution", "100"), ("contribution", None), ("benefit", "50")):
            longterm.value_entry_create(
                **cls.acting_as(cls.bob),
                flow=flow,
                category="money",
                description="Budget",
                amount=None if amount is None else Decimal(amount),
                currency="EUR" if amount else "",
                occurred_on=timezone.localdate(),
            )

    def pages(self) -> dict[str, str]:
        self.client.force_login(self.bob)
        pk = self.partnership.pk
        urls = {
            "overview": reverse("accord-partnership", args=[pk]),
            "alignment": reverse("accord-alignment", args=[pk]),
            "long-term": reverse("accord-longterm", args=[pk]),
            "kpi": reverse("accord-kpi", args=[pk, self.kpi.pk]),
            "kpi form": reverse("accord-kpi-edit", args=[pk, self.kpi.pk]),
            "history": reverse("accord-partnership-history", args=[pk]),
            "account": reverse("accord-account"),
        }
        return {name: self.client.get(url).content.decode() for name, url in urls.items()}

    def test_no_page_speaks_jargon(self):
        for name, content in self.pages().items():
            text = re.sub(r"<(script|style)\b.*?</\1>", "", content, flags=re.S)
            text = re.sub(r"<[^>]+>", " ", text)
            for word in JARGON:
                with self.subTest(page=name, word=word):
                    self.assertNotRegex(text, word)

    def test_objectives_and_kpis_share_one_set_of_horizon_names(self):
        from accord.alignment.models import Horizon
        from accord.longterm.models import KpiHorizon

        self.assertEqual(KpiHorizon.labels, Horizon.labels)
        pages = self.pages()
        self.assertIn("Short term", pages["kpi"])
        self.assertIn('<option value="quick_win" selected>Short term</option>', pages["kpi form"])

    def test_the_account_page_points_to_the_api_documentation(self):
        account = self.pages()["account"]
        self.assertIn('href="/api/v1/docs"', account)
        self.assertNotIn("Authorization: Bearer", account)

    def test_the_glossary_explains_the_terms_and_every_page_links_to_it(self):
        response = self.client.get(reverse("accord-glossary"))  # signed out: open to all
        self.assertContainsAll(
            response, "Shared goal", "Planned path", "Stale", "Forecast", "Points", "Receipt"
        )
        for name, content in self.pages().items():
            with self.subTest(page=name):
                self.assertIn(f'href="{reverse("accord-glossary")}"', content)
