"""Private records of Beta stay out of everything Alpha sees: lists, pages, counts, history."""

from datetime import date
from decimal import Decimal

from accord.longterm import services
from accord.longterm.models import Kpi
from accord.longterm.tests.base import LongtermTestCase


class PrivateVisibilityTests(LongtermTestCase):
    shared_kpi: Kpi
    secret_kpi: Kpi

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        by_bob = cls.acting_as(cls.bob)
        cls.shared_kpi = cls.make_kpi(name="Shared homes")
        cls.secret_kpi = cls.make_kpi(name="Secret margin", visibility="private")
        cls.measure(cls.secret_kpi, 1, 42, note="secret note")
        services.milestone_create(
            **by_bob,
            title="Secret milestone",
            due_date=date(2026, 1, 1),
            visibility="private",
        )
        services.value_entry_create(
            **by_bob,
            flow="benefit",
            category="revenue",
            description="Secret revenue",
            occurred_on=date(2025, 1, 1),
            amount=Decimal("777.31"),
            currency="EUR",
            visibility="private",
        )

    def page(self, user, name="accord-longterm", *args) -> str:
        response = self.page_as(user, name, *args)
        return response.content.decode()

    def test_the_long_term_page_hides_them_from_the_other_party(self):
        for user in (self.alice, self.amy, self.vic):
            content = self.page(user)
            # The amount as shown with its cents: a bare "777" can occur in a random CSRF token.
            for secret in ("Secret margin", "Secret milestone", "Secret revenue", "777.31"):
                self.assertNotIn(secret, content, user)
            self.assertIn("Shared homes", content)
            self.assertIn('KPIs <span class="badge">1</span>', content)

    def test_the_owning_organization_sees_and_counts_them(self):
        content = self.page(self.bea)
        for secret in ("Secret margin", "Secret milestone", "Secret revenue", "777.31"):
            self.assertIn(secret, content)
        self.assertIn('KPIs <span class="badge">2</span>', content)

    def test_the_api_lists_and_counts_leave_them_out(self):
        base = f"/partnerships/{self.partnership.pk}"
        kpis = self.api_list(f"{base}/kpis", self.alice, limit=1)
        self.assertEqual([k["name"] for k in kpis], ["Shared homes"])
        self.assertEqual(len(self.api_list(f"{base}/kpis", self.bob, limit=1)), 2)
        for path in ("milestones", "value", "roadmap", "value/balance"):
            self.assertNotIn(
                "Secret", self.api("get", f"{base}/{path}", self.alice).content.decode(), path
            )
        secret = f"{base}/kpis/{self.secret_kpi.pk}"
        for suffix in ("", "/status", "/measurements", "/measurements.csv"):
            self.assertEqual(self.api("get", secret + suffix, self.alice).status_code, 404, suffix)

    def test_the_history_leaves_out_their_events(self):
        history = self.api(
            "get", f"/partnerships/{self.partnership.pk}/audit", self.alice
        ).content.decode()
        self.assertNotIn("Secret", history)
        self.assertNotIn("secret note", history)
        self.assertIn("Shared homes", history)
        own = self.api(
            "get", f"/partnerships/{self.partnership.pk}/audit", self.bea
        ).content.decode()
        self.assertIn("Secret margin", own)
