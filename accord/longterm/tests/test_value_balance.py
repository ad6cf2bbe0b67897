"""The value ledger's balance: totals, ratios, quarters and the one-sided flag, hand-worked."""

from datetime import date
from decimal import Decimal

from accord.lib.formatting import ratio
from accord.longterm import services
from accord.longterm.selectors import balance_of, quarter_of, value_balance
from accord.longterm.tests.base import LongtermTestCase


class BalanceTests(LongtermTestCase):
    def entry(self, user, flow, amount=None, currency="", on=date(2025, 2, 1), **extra):
        return services.value_entry_create(
            party=self.grant(user).acting_party(),
            actor=user,
            flow=flow,
            category=extra.pop("category", "money" if flow == "contribution" else "revenue"),
            description=extra.pop("description", f"{flow} {amount}"),
            occurred_on=on,
            amount=None if amount is None else Decimal(amount),
            currency=currency,
            **extra,
        )

    def balance(self, user=None):
        return value_balance(self.grant(user or self.alice, "view").viewpoint)

    def test_totals_ratios_and_counts_per_party(self):
        # Alpha: in EUR 1,000 + 500 and a know-how entry without amount; out EUR 600.
        # Beta:  in EUR 400; out EUR 800 and USD 50.
        self.entry(self.alice, "contribution", "1000", "EUR")
        self.entry(self.alice, "contribution", "500", "eur", on=date(2025, 5, 1))
        self.entry(self.alice, "contribution", category="know_how", description="Training")
        self.entry(self.alice, "benefit", "600", "EUR", on=date(2025, 5, 2))
        self.entry(self.bob, "contribution", "400", "EUR")
        self.entry(self.bob, "benefit", "800", "EUR", on=date(2025, 8, 1))
        self.entry(self.bob, "benefit", "50", "USD", on=date(2025, 8, 1))
        alpha, beta = self.balance().parties
        self.assertEqual(alpha.put_in.money, {"EUR": Decimal(1500)})
        self.assertEqual((alpha.put_in.entries, alpha.put_in.without_amount), (3, 1))
        self.assertEqual(alpha.got_out.money, {"EUR": Decimal(600)})
        self.assertEqual(alpha.ratios, {"EUR": Decimal("0.40")})  # 600 / 1500
        self.assertEqual(beta.ratios, {"EUR": Decimal("2.00")})  # 800 / 400; no USD put in
        self.assertEqual(beta.got_out.text, "€800.00; US$50.00")

    def test_a_ratio_below_half_of_another_is_one_sided(self):
        # Alpha gets 0.40 per euro, Beta 2.00: 0.40 < 1.00.
        self.entry(self.alice, "contribution", "1500", "EUR")
        self.entry(self.alice, "benefit", "600", "EUR")
        self.entry(self.bob, "contribution", "400", "EUR")
        self.entry(self.bob, "benefit", "800", "EUR")
        balance = self.balance()
        self.assertTrue(balance.one_sided)
        self.assertIn(
            f"in EUR, Alpha Energy gets back {ratio(0.4)} what it put in, Beta Solar {ratio(2)}",
            balance.verdict,
        )

    def test_exactly_half_is_still_balanced(self):
        self.entry(self.alice, "contribution", "100", "EUR")
        self.entry(self.alice, "benefit", "100", "EUR")  # 1.00
        self.entry(self.bob, "contribution", "100", "EUR")
        self.entry(self.bob, "benefit", "200", "EUR")  # 2.00
        self.assertFalse(self.balance().one_sided)

    def test_benefits_for_one_party_and_none_for_the_other_is_one_sided(self):
        self.entry(self.alice, "contribution", category="people", description="Engineers")
        self.entry(self.bob, "benefit", category="capability", description="New skills")
        balance = self.balance()
        self.assertTrue(balance.one_sided)
        self.assertEqual(
            balance.verdict, "One-sided: Beta Solar got something out, Alpha Energy nothing yet."
        )

    def test_nothing_recorded_is_not_flagged(self):
        balance = self.balance()
        self.assertEqual((balance.one_sided, balance.verdict), (False, "No value recorded yet."))

    def test_quarters_split_the_entries_by_date(self):
        self.assertEqual(
            (quarter_of(date(2025, 3, 31)), quarter_of(date(2025, 4, 1))), ("2025-Q1", "2025-Q2")
        )
        self.entry(self.alice, "contribution", "10", "EUR", on=date(2025, 1, 5))
        self.entry(self.bob, "benefit", "20", "EUR", on=date(2025, 4, 5))
        self.entry(self.bob, "benefit", "5", "EUR", on=date(2025, 6, 30))
        quarters = self.balance().quarters
        self.assertEqual([q.quarter for q in quarters], ["2025-Q1", "2025-Q2"])
        self.assertEqual(quarters[0].parties[0].put_in.money, {"EUR": Decimal(10)})
        self.assertEqual(quarters[1].parties[1].got_out.money, {"EUR": Decimal(25)})
        self.assertEqual(quarters[1].parties[0].put_in.entries, 0)

    def test_private_entries_count_only_for_their_own_organization(self):
        self.entry(self.alice, "benefit", "100", "EUR")
        self.entry(self.bob, "benefit", "913.37", "EUR", visibility="private")
        self.entry(self.bob, "contribution", "100", "EUR")
        alpha_view = self.balance(self.alice)
        beta_view = self.balance(self.bea)
        self.assertEqual(alpha_view.parties[1].got_out.entries, 0)
        self.assertTrue(alpha_view.one_sided)  # Alpha sees no benefit for Beta
        self.assertEqual(beta_view.parties[1].got_out.money, {"EUR": Decimal("913.37")})
        self.assertFalse(beta_view.one_sided)
        body = self.api(
            "get", f"/partnerships/{self.partnership.pk}/value/balance", self.alice
        ).json()
        self.assertNotIn("913.37", str(body))
        self.assertTrue(body["one_sided"])
        page = self.page_as(self.alice, "accord-longterm")
        self.assertNotContains(page, "913.37")
        page = self.page_as(self.bea, "accord-longterm")
        self.assertContains(page, "913.37")

    def test_the_api_reports_the_balance(self):
        self.entry(self.alice, "contribution", "1500", "EUR")
        self.entry(self.alice, "benefit", "600", "EUR")
        body = self.api(
            "get", f"/partnerships/{self.partnership.pk}/value/balance", self.bob
        ).json()
        alpha = body["parties"][0]
        self.assertEqual(alpha["organization"]["slug"], "alpha")
        self.assertEqual(alpha["put_in"]["money"], [{"currency": "EUR", "amount": "1500.00"}])
        self.assertEqual(alpha["ratios"], [{"currency": "EUR", "ratio": "0.40"}])
        self.assertEqual(body["quarters"][0]["quarter"], "2025-Q1")

    def test_amount_and_currency_rules(self):
        url = f"/partnerships/{self.partnership.pk}/value"
        base = {
            "flow": "benefit",
            "category": "revenue",
            "description": "x",
            "occurred_on": "2025-01-01",
        }
        for extra, field, status in (
            ({"amount": "10"}, "currency", 400),
            ({"amount": "10", "currency": "E1"}, "currency", 400),
            ({"currency": "EUR"}, "currency", 400),
            ({"amount": "-5", "currency": "EUR"}, "amount", 400),
            ({"amount": "1e20", "currency": "EUR"}, "amount", 422),
            ({"amount": "1.234", "currency": "EUR"}, "amount", 422),
        ):
            with self.subTest(extra=extra):
                response = self.api("post", url, self.bob, {**base, **extra})
                self.assertEqual(response.status_code, status, response.content)
                self.assertEqual(response.json()["errors"][0]["field"], field)

    def test_balance_of_ignores_parties_not_given(self):
        self.assertFalse(balance_of([], []).one_sided)
