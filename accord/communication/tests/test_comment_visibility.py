"""A comment is shared or private as its decision is, after a change of the decision too."""

from django.core.exceptions import ValidationError

from accord.communication import services
from accord.roles import services as roles
from accord.roles.models import RuleKind
from tests.base import AccordTestCase


class DecisionMadePrivateTests(AccordTestCase):
    def setUp(self):
        rule = roles.rule_create(
            party=self.party_b,
            actor=self.bob,
            title="Staffing",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_b,
        )
        self.decision = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Hire"
        )
        services.comment_create(
            party=self.party_b, actor=self.bob, decision=self.decision, text="Budget is 90k"
        )

    def test_a_commented_decision_keeps_its_visibility(self):
        # Made private, the decision would leave its shared comments (and their label, "Comment
        # on <title>") readable by the partner: refused, as a meeting with minutes keeps its own.
        with self.assertRaises(ValidationError):
            roles.decision_update(
                record=self.decision,
                actor=self.bob,
                expected_version=self.decision.version,
                changes={"visibility": "private"},
            )
        listed = self.api("get", f"/partnerships/{self.partnership.pk}/comments", self.alice)
        self.assertEqual(listed.status_code, 200)
        self.assertIn("Budget is 90k", listed.content.decode())
        self.decision.refresh_from_db()
        self.assertFalse(self.decision.is_private)
