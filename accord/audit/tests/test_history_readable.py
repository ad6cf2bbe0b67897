"""The history reads as sentences about people and records (issue 9, section 5): names and
organizations, values in words, first values as "with …", no digests; filtered by person, party,
kind and dates; checked with a button and a receipt; and no private value reaches another
organization, before or after a change of visibility."""

import json
import re
from datetime import timedelta
from decimal import Decimal

from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accord.alignment import services as alignment
from accord.audit.models import AuditEvent
from accord.audit.services import private_chain, shared_chain
from accord.audit.tests.tampering import delete_events, rewrite_event
from accord.core.records import record_update
from accord.longterm import services as longterm
from tests.base import AccordTestCase, QueryCountTestCase

SECRET = "Walk-away price 4.2M"


@override_settings(ACCORD_LOCALE="en_GB", TIME_ZONE="UTC")
class HistoryTestCase(AccordTestCase):
    def setUp(self) -> None:
        caches["fragments"].clear()

    def url(self, name: str = "accord-partnership-history") -> str:
        return reverse(name, args=[self.partnership.pk])

    def history(self, user, query: str = "") -> str:
        self.client.force_login(user)
        response = self.client.get(self.url() + query)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def entries(self, content: str) -> list[str]:
        listed = content.split('<ol class="history-list"')[1].split(">", 1)[1].split("</ol>")[0]
        return re.findall(r'<li class="history-entry.*?\n</li>', listed, re.S)


class ReadableHistoryTests(HistoryTestCase):
    def test_people_are_named_with_their_organization_never_by_address(self):
        alignment.objective_create(**self.acting_as(self.bob), title="Grow the installer base")
        for user in (self.alice, self.bob):
            with self.subTest(user=user.email):
                content = self.history(user)
                self.assertIn(
                    '<strong>Bob</strong> <span class="muted">(Beta Solar)</span>', content
                )
                # Team changes recorded addresses; they read as names too.
                self.assertIn('<span class="change-after">Vic (Alpha Energy)</span>', content)
                self.assertNotRegex(content, r"[\w.]+@(alpha|beta)\.test")

    def test_a_created_record_is_shown_with_its_first_values(self):
        alignment.objective_create(
            **self.acting_as(self.bob), title="Grow the installer base", priority="high"
        )
        newest = self.entries(self.history(self.alice))[0]
        self.assertIn("created", newest)
        self.assertIn('<dt>Priority</dt><dd class="change-after">High</dd>', newest)
        self.assertIn('<dt>Horizon</dt><dd class="change-after">Medium term</dd>', newest)
        self.assertNotIn("→", newest)
        self.assertNotIn("<dt>Description</dt>", newest)  # left empty: not listed

    def test_a_change_shows_before_and_after_in_words(self):
        record_update(
            record=self.partnership,
            changes={"stage": "active"},
            actor=self.alice,
            expected_version=self.partnership.version,
        )
        newest = self.entries(self.history(self.bob))[0]
        self.assertIn('<span class="change-before">Exploring</span>', newest)
        self.assertIn('<span class="change-after">Active</span>', newest)

    def test_no_digest_is_shown_but_a_check_and_a_receipt_are_offered(self):
        content = self.history(self.alice)
        for digest in AuditEvent.objects.values_list("digest", flat=True):
            self.assertNotIn(digest[:12], content)
        self.assertNotIn("accord audit verify", content)
        self.assertIn("Check the history", content)
        self.assertIn(self.url("accord-partnership-history-receipt"), content)

    def test_times_carry_their_time_zone(self):
        self.assertIn(" UTC</time>", self.history(self.alice))


class PrivateValuesInHistoryTests(HistoryTestCase):
    def goal(self, title: str = "Cut installation costs"):
        return alignment.goal_create(**self.acting_as(self.bob), title=title)

    def test_a_record_pointed_at_is_named_by_title_while_the_viewer_sees_it(self):
        goal = self.goal()
        kpi = longterm.kpi_create(
            **self.acting_as(self.bob),
            name="Installed cost",
            baseline=Decimal(100),
            baseline_date=timezone.localdate() - timedelta(days=10),
            target=Decimal(80),
            target_date=timezone.localdate() + timedelta(days=100),
            direction="down",
            goal_id=goal.pk,
        )
        longterm.measurement_add(
            kpi=kpi, actor=self.bob, measured_on=timezone.localdate(), value=Decimal("97.5")
        )
        named_kpi = '<dt>KPI</dt><dd class="change-after">Installed cost</dd>'
        for user in (self.alice, self.bob):
            with self.subTest(user=user.email):
                content = self.history(user)
                self.assertIn('<dd class="change-after">Cut installation costs</dd>', content)
                self.assertIn(named_kpi, content)
        # Beta makes the KPI private under a new name: Alpha's history keeps the value it saw
        # but no longer names the KPI, and never shows the new name; Beta's shows it.
        record_update(
            record=kpi,
            actor=self.bob,
            expected_version=kpi.version,
            changes={"name": SECRET, "visibility": "private"},
        )
        alpha = self.history(self.alice)
        self.assertNotIn(SECRET, alpha)
        self.assertNotIn(named_kpi, alpha)
        self.assertIn('<dt>KPI</dt><dd class="change-after">a record not shown to you</dd>', alpha)
        self.assertIn(SECRET, self.history(self.bob))

    def test_a_private_kpi_s_values_never_reach_the_other_organization(self):
        kpi = longterm.kpi_create(
            **self.acting_as(self.bob),
            name=SECRET,
            unit="t",
            baseline=Decimal(0),
            baseline_date=timezone.localdate() - timedelta(days=10),
            target=Decimal(100),
            target_date=timezone.localdate() + timedelta(days=100),
            visibility="private",
        )
        longterm.measurement_add(
            kpi=kpi, actor=self.bob, measured_on=timezone.localdate(), value=Decimal("77.77")
        )
        alpha = self.history(self.alice)
        for hidden in (SECRET, "77.77", "77.8"):
            self.assertNotIn(hidden, alpha)
        beta = self.history(self.bob)
        self.assertIn("77.77 t", beta)
        # Shared later: Alpha sees it from then on, under its values of then, no old value.
        record_update(
            record=kpi,
            actor=self.bob,
            expected_version=kpi.version,
            changes={"visibility": "shared", "name": "Tonnes recycled"},
        )
        alpha = self.history(self.alice)
        self.assertIn("Tonnes recycled", alpha)
        self.assertNotIn(SECRET, alpha)
        self.assertNotIn("77.77", alpha)

    def test_a_kpi_filter_never_offers_another_organization_s_private_kinds_or_people(self):
        self.goal()
        alpha = self.history(self.alice)
        self.assertIn('<option value="alignment.SharedGoal">Shared goal</option>', alpha)
        self.assertNotIn("Olga", alpha)


class HistoryFilterTests(HistoryTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        alignment.objective_create(**cls.acting_as(cls.bob), title="Beta aim")
        alignment.objective_create(**cls.acting_as(cls.alice), title="Alpha aim")
        alignment.goal_create(**cls.acting_as(cls.alice), title="Shared aim")

    def records(self, query: str) -> list[str]:
        content = self.history(self.alice, query)
        if '<ol class="history-list"' not in content:
            return []
        return [
            re.search(r'class="history-record">(.*?)<', entry).group(1)  # type: ignore[union-attr]
            for entry in self.entries(content)
        ]

    def test_by_person(self):
        shown = self.records(f"?person={self.bob.pk}")
        self.assertIn("Beta aim", shown)
        self.assertNotIn("Alpha aim", shown)

    def test_by_party(self):
        shown = self.records(f"?party={self.party_a.pk}")
        self.assertIn("Alpha aim", shown)
        self.assertIn("Shared aim", shown)
        self.assertNotIn("Beta aim", shown)

    def test_by_record_kind(self):
        self.assertEqual(self.records("?kind=alignment.SharedGoal"), ["Shared aim"])

    def test_by_dates(self):
        today = timezone.localdate()
        self.assertEqual(self.records(f"?since={today + timedelta(days=1)}"), [])
        everything = self.records("")
        self.assertEqual(self.records(f"?since={today}&until={today}"), everything)

    def test_filters_stay_on_the_page_links(self):
        for n in range(55):
            alignment.objective_create(**self.acting_as(self.bob), title=f"Aim {n}")
        content = self.history(self.alice, f"?person={self.bob.pk}")
        self.assertIn(f'href="?person={self.bob.pk}&amp;page=2"', content)

    def test_bad_filters_say_so_and_show_everything(self):
        everything = self.records("")
        for query in (
            "?person=abc",
            f"?person={self.olga.pk}",  # not in this history
            "?party=99999999999999999999",
            "?kind=auth.Permission",
            "?since=2026-02-30",
            "?since=0001-01-01",
            f"?since={timezone.localdate()}&until={timezone.localdate() - timedelta(days=1)}",
        ):
            with self.subTest(query=query):
                content = self.history(self.alice, query)
                self.assertIn("Some filters could not be read", content)
                self.assertEqual(self.records(query), everything)

    def test_a_filter_that_matches_nothing_says_so(self):
        content = self.history(self.alice, f"?since={timezone.localdate() + timedelta(days=3)}")
        self.assertIn("Nothing matches these filters.", content)


class HistoryCheckTests(HistoryTestCase):
    def check(self, user) -> str:
        self.client.force_login(user)
        response = self.client.post(self.url("accord-partnership-history-check"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_an_untouched_history_is_intact(self):
        content = self.check(self.alice)
        self.assertIn("The history is intact", content)
        self.assertIn("Entries every party sees:</strong> Intact: all", content)
        self.assertIn("Entries private to your organization:</strong> Intact: the one", content)

    def test_a_rewritten_entry_is_reported_to_those_who_see_it_only(self):
        self.record_private_objective()
        beta_chain = private_chain(self.partnership.pk, self.beta.pk)
        event = AuditEvent.objects.filter(chain=beta_chain).first()
        assert event is not None
        rewrite_event(event, record_label="Forged")
        self.assertIn("The history is not intact", self.check(self.bob))
        self.assertIn("The history is intact", self.check(self.alice))

    def record_private_objective(self) -> None:
        alignment.objective_create(**self.acting_as(self.bob), title=SECRET, visibility="private")

    def receipt_of(self, user) -> bytes:
        self.client.force_login(user)
        return self.client.get(self.url("accord-partnership-history-receipt")).content

    def check_receipt(self, user, data: bytes) -> str:
        self.client.force_login(user)
        upload = SimpleUploadedFile("receipt.json", data, content_type="application/json")
        response = self.client.post(
            self.url("accord-partnership-history-receipt-check"), {"receipt": upload}
        )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_kept_receipt_holds_while_nothing_is_rewritten(self):
        kept = self.receipt_of(self.bob)
        alignment.objective_create(**self.acting_as(self.bob), title="Later aim")
        self.assertIn("Your receipt holds", self.check_receipt(self.bob, kept))

    def test_a_receipt_past_a_cut_does_not_hold(self):
        kept = self.receipt_of(self.bob)
        shared = shared_chain(self.partnership.pk)
        last = AuditEvent.objects.filter(chain=shared).order_by("-seq").first()
        assert last is not None
        delete_events(shared, last.seq)
        content = self.check_receipt(self.bob, kept)
        self.assertIn("Your receipt does not hold", content)
        self.assertIn("Entries every party sees: TRUNCATED", content)

    def test_receipts_that_cannot_be_checked_say_why(self):
        alices = self.receipt_of(self.alice)
        forged = json.loads(alices)
        forged["partnership_name"] = "Something else"
        cases = [
            (b"not json", "It is not JSON."),
            (b'{"kind": "something"}', "This is not an Accord audit receipt."),
            (json.dumps(forged).encode(), "signature does not hold"),
            (alices, "covers entries you do not see"),  # Alpha's private chain, read by Beta
        ]
        for data, message in cases:
            with self.subTest(message=message):
                content = self.check_receipt(self.bob, data)
                self.assertIn("Your receipt does not hold", content)
                self.assertIn(message, content)

    def test_a_missing_file_is_named_on_the_form(self):
        self.client.force_login(self.bob)
        response = self.client.post(self.url("accord-partnership-history-receipt-check"))
        self.assertContains(response, "This field is required.")


class HistoryQueryCountTests(QueryCountTestCase):
    """The page's queries do not grow with the events, the people or the records named (one
    query per kind of record named: the first count already names goals and KPIs)."""

    GROW = (2, 12)

    def grow(self, n: int) -> None:
        for i in range(n):
            goal = alignment.goal_create(**self.acting_as(self.alice), title=f"Goal {i}")
            longterm.kpi_create(
                **self.acting_as(self.bob),
                name=f"KPI {i}",
                baseline=Decimal(0),
                baseline_date=timezone.localdate() - timedelta(days=10),
                target=Decimal(100),
                target_date=timezone.localdate() + timedelta(days=100),
                goal_id=goal.pk,
            )

    def url(self, query: str = "") -> str:
        return reverse("accord-partnership-history", args=[self.partnership.pk]) + query

    def test_the_history_page(self):
        self.assertConstant(self.url(), self.alice, 12)

    def test_the_history_page_filtered(self):
        self.assertConstant(self.url(f"?party={self.party_b.pk}&kind=longterm.Kpi"), self.bob, 11)


class MoneyInHistoryTests(HistoryTestCase):
    def test_an_amount_reads_as_money_in_its_currency(self):
        entry = longterm.value_entry_create(
            **self.acting_as(self.bob),
            flow="contribution",
            category="money",
            description="Marketing",
            amount=Decimal("18500"),
            currency="USD",
            occurred_on=timezone.localdate(),
        )
        record_update(
            record=entry,
            actor=self.bob,
            expected_version=entry.version,
            changes={"amount": Decimal("950.5")},
        )
        content = self.history(self.alice)
        self.assertIn('<dt>Amount</dt><dd class="change-after">US$18,500</dd>', content)
        self.assertIn('<span class="change-before">US$18,500</span>', content)
        self.assertIn('<span class="change-after">US$950.50</span>', content)
