"""The document carries every kind of partnership data or leaves it out on purpose."""

from django.apps import apps
from django.test import SimpleTestCase

from accord.core.models import PartnershipRecord
from accord.portability.kinds import (
    EXCLUDED_FIELDS,
    EXCLUDED_MODELS,
    holds_partnership_data,
    left_out,
    record_kinds,
)


def walked() -> set[type]:
    return {kind.model for kind in record_kinds()} | {
        part.model for kind in record_kinds() for part in kind.parts
    }


class KindTests(SimpleTestCase):
    def test_every_model_holding_partnership_data_is_exported_or_left_out_with_a_reason(self):
        product = [m for m in apps.get_models() if m.__module__.startswith("accord.")]
        unaccounted = {
            m._meta.label
            for m in product
            if holds_partnership_data(m) and m not in walked() and not left_out(m)
        }
        self.assertEqual(unaccounted, set(), "export these or list them in EXCLUDED_MODELS")

    def test_nothing_is_both_exported_and_left_out(self):
        self.assertEqual({m._meta.label for m in walked() if left_out(m)}, set())

    def test_every_exclusion_names_a_model_and_says_why(self):
        labels = {m._meta.label_lower for m in apps.get_models()}
        self.assertLessEqual(set(EXCLUDED_MODELS), labels)
        self.assertTrue(all(reason.strip() for reason in EXCLUDED_MODELS.values()))
        self.assertTrue(all(reason.strip() for reason in EXCLUDED_FIELDS.values()))

    def test_every_practice_record_kind_is_exported(self):
        practice_records = {
            m
            for m in apps.get_models()
            if issubclass(m, PartnershipRecord) and m.__module__.startswith("accord.")
        }
        self.assertEqual(
            {m._meta.label for m in practice_records - walked() if not left_out(m)}, set()
        )

    def test_survey_answers_and_uploads_bytes_are_never_exported(self):
        self.assertIn("anonymous", left_out_app("surveys"))
        self.assertIn("file", EXCLUDED_FIELDS)

    def test_kinds_come_after_the_kinds_they_point_at(self):
        order = [kind.label for kind in record_kinds()]
        for kind in record_kinds():
            for spec in kind.references():
                if spec.target != kind.label:
                    self.assertLess(order.index(spec.target), order.index(kind.label))
        self.assertLess(order.index("communication.meeting"), order.index("trust.commitment"))


def left_out_app(label: str) -> str:
    from accord.portability.kinds import EXCLUDED_APPS

    return EXCLUDED_APPS[label]
