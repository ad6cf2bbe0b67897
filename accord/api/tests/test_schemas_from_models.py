"""Each vocabulary is spelled once, by its Django choices, and each patch schema is generated
from its create schema: the API document and the answers follow the models."""

from django.test import SimpleTestCase

from accord.alignment.models import GoalStatus, LinkKind, Priority
from accord.alignment.schemas import GoalIn, GoalPatch, ObjectiveIn, ObjectivePatch
from accord.api.api import api
from accord.core.models import Role, Stage, Visibility
from accord.longterm.models import Decision, MilestoneStatus, ValueCategory
from accord.longterm.schemas import KpiIn, KpiPatch, ReviewIn, ReviewPatch
from accord.longterm.tests.base import LongtermTestCase


class VocabularyTests(SimpleTestCase):
    def test_each_vocabulary_is_one_named_schema_with_the_models_values(self):
        components = api.get_openapi_schema()["components"]["schemas"]
        for choices in (
            Priority,
            GoalStatus,
            LinkKind,
            Visibility,
            Stage,
            Role,
            MilestoneStatus,
            ValueCategory,
            Decision,
        ):
            with self.subTest(choices=choices.__name__):
                self.assertEqual(components[choices.__name__]["enum"], list(choices.values))

    def test_a_patch_has_the_create_fields_but_the_acting_organization(self):
        for create, patch in (
            (ObjectiveIn, ObjectivePatch),
            (GoalIn, GoalPatch),
            (KpiIn, KpiPatch),
            (ReviewIn, ReviewPatch),
        ):
            with self.subTest(patch=patch.__name__):
                expected = set(create.model_fields) - {"organization"} | {"version"}
                self.assertEqual(set(patch.model_fields), expected)
                # `version` or `If-Match`, the server requires one (decision 0011): the schema
                # requires nothing; test_api_bad_input and test_conditional pin the refusal.
                self.assertEqual([n for n, f in patch.model_fields.items() if f.is_required()], [])


class PatchTests(LongtermTestCase):
    def test_null_is_refused_where_the_create_schema_refuses_it(self):
        kpi = self.make_kpi()
        url = self.kpis_url(kpi)
        response = self.api("patch", url, self.bob, {"version": 1, "name": None})
        self.assertEqual(response.status_code, 422, response.content)
        error = response.json()["errors"][0]
        self.assertEqual(error["field"], "name")
        self.assertIn("leave the field out", error["message"])
        response = self.api("patch", url, self.bob, {"version": 1, "range_low": None})
        self.assertEqual(response.status_code, 200, response.content)

    def test_a_patch_keeps_the_create_constraints(self):
        kpi = self.make_kpi()
        response = self.api(
            "patch", self.kpis_url(kpi), self.bob, {"version": 1, "direction": "sideways"}
        )
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "direction")
