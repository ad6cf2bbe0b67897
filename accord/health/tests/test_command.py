import json
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

from accord.health.tests.helpers import private_alpha_risk
from tests.base import AccordTestCase


def run(*args: str) -> str:
    out = StringIO()
    call_command("health", *args, stdout=out)
    return out.getvalue()


class HealthCommandTests(AccordTestCase):
    def test_json_is_what_the_api_answers_for_that_organization(self):
        private = private_alpha_risk(self)
        printed = json.loads(run(str(self.partnership.pk), "--json", "--org", "alpha"))
        answer = self.api("get", f"/partnerships/{self.partnership.pk}/health", self.alice)
        self.assertEqual(printed, answer.json())
        self.assertIn(private.title, json.dumps(printed))

    def test_without_org_it_is_the_shared_view(self):
        private = private_alpha_risk(self)
        printed = json.loads(run(str(self.partnership.pk), "--json"))
        self.assertEqual(printed["parties_counted"], [])
        self.assertNotIn(private.title, json.dumps(printed))

    def test_the_table_lists_practices_weakest_first(self):
        risk = private_alpha_risk(self)  # a high risk without a plan: contingency alone known
        text = run(str(self.partnership.pk), "--org", "alpha")
        self.assertIn("Overall:", text)
        self.assertLess(text.index("contingency"), text.index("alignment"))  # known, unknowns
        recommendations = text[text.index("Recommendations") :]
        self.assertIn(risk.title, recommendations)

    def test_unknown_ids_and_organizations_are_clear_errors(self):
        for args, message in (
            (("999999",), "No partnership with id 999999."),
            ((str(self.partnership.pk), "--org", "gamma"), "No organization “gamma”"),
            ((str(self.partnership.pk), "--org", "nope"), "No organization “nope”"),
        ):
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                run(*args)
        with self.assertRaises(CommandError):
            run("not-a-number")
