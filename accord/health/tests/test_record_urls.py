from django.apps import apps
from django.urls import resolve

from accord.core.evidence import RecordRef
from accord.core.models import PartnershipRecord
from accord.core.practices import practices
from accord.health.tests.helpers import shared_beta_risk
from tests.base import AccordTestCase


class RecordUrlTests(AccordTestCase):
    def test_every_practice_record_kind_says_where_it_lives(self):
        labels = {p.slug for p in practices()}
        kinds = [
            model
            for model in apps.get_models()
            if issubclass(model, PartnershipRecord) and model._meta.app_label in labels
        ]
        self.assertGreaterEqual(len(kinds), 20)
        for model in kinds:
            with self.subTest(kind=model._meta.label):
                self.assertTrue(hasattr(model, "get_absolute_url"))

    def test_a_record_ref_carries_the_url_and_it_opens_the_records_page(self):
        risk = shared_beta_risk(self)
        ref = RecordRef.of(risk)
        self.assertEqual(ref.url, risk.get_absolute_url())
        path, _, anchor = ref.url.partition("#")
        self.assertEqual(resolve(path).url_name, "accord-contingency")
        self.assertEqual(anchor, f"risk-{risk.pk}")
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(path), f'id="{anchor}"')

    def test_a_record_without_a_page_has_an_empty_url(self):
        self.assertEqual(RecordRef.of(self.party_a).url, "")
