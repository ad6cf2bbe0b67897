"""Comments on updates and on decisions of practice 3."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.communication import services
from accord.communication.models import Comment
from accord.roles import services as roles
from accord.roles.models import RuleKind
from tests.base import AccordTestCase


class CommentTests(AccordTestCase):
    def setUp(self):
        self.update = services.update_create(
            party=self.party_a, actor=self.alice, title="January", progress="Ten sites."
        )
        rule = roles.rule_create(party=self.party_b, actor=self.bob, title="Scope change")
        self.decision = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=rule, title="Add Leeds"
        )
        lead_rule = roles.rule_create(
            party=self.party_b,
            actor=self.bob,
            title="Staffing",
            kind=RuleKind.LEAD_PARTY,
            lead_party=self.party_b,
        )
        self.private = roles.decision_create(
            party=self.party_b, actor=self.bob, rule=lead_rule, title="Hire", visibility="private"
        )

    def test_on_one_update_or_one_decision(self):
        services.comment_create(
            party=self.party_b, actor=self.bob, update=self.update, text="Which?"
        )
        services.comment_create(
            party=self.party_a,
            actor=self.alice,
            decision=self.decision,
            text="Agreed in principle.",
        )
        with self.assertRaises(ValidationError):
            services.comment_create(party=self.party_a, actor=self.alice, text="On nothing")
        with self.assertRaises(ValidationError):
            services.comment_create(
                party=self.party_a,
                actor=self.alice,
                update=self.update,
                decision=self.decision,
                text="Both",
            )
        with self.assertRaises(ValidationError):
            services.update_delete(record=self.update, actor=self.alice)

    def test_private_decision_only_its_party(self):
        with self.assertRaises(ValidationError):
            services.comment_create(
                party=self.party_a, actor=self.alice, decision=self.private, text="?"
            )
        mine = services.comment_create(
            party=self.party_b, actor=self.bob, decision=self.private, text="Ok"
        )
        self.assertTrue(mine.is_private)

    def test_api(self):
        path = f"/partnerships/{self.partnership.pk}/comments"
        made = self.api("post", path, self.bob, {"update": self.update.pk, "text": "Which sites?"})
        self.assertEqual(made.status_code, 201, made.content)
        self.assertEqual(made.json()["written_by"]["name"], self.bob.public_name)
        hidden = self.api("post", path, self.alice, {"decision": self.private.pk, "text": "?"})
        self.assertEqual(hidden.status_code, 400)
        self.assertEqual(self.api("post", path, self.alice, {"text": "nothing"}).status_code, 400)
        changed = self.api(
            "patch", f"{path}/{made.json()['id']}", self.alice, {"version": 1, "text": "Mine now"}
        )
        self.assertEqual(changed.status_code, 403)

    def test_pages(self):
        self.client.force_login(self.alice)
        url = reverse("accord-update-comment", args=[self.partnership.pk, self.update.pk])
        answer = self.client.post(url, {"text": "See the map."}, headers={"HX-Request": "true"})
        self.assertContainsAll(answer, "See the map.", f'id="update-{self.update.pk}"')
        tab = self.client.get(reverse("accord-communication", args=[self.partnership.pk]))
        self.assertContainsAll(tab, "Decisions under discussion", "Add Leeds")
        self.assertNotContains(tab, "Hire")
        page = reverse("accord-decision-comments", args=[self.partnership.pk, self.decision.pk])
        self.client.post(page, {"text": "Leeds first."})
        self.assertContains(self.client.get(page), "Leeds first.")
        private = reverse("accord-decision-comments", args=[self.partnership.pk, self.private.pk])
        self.assertEqual(self.client.get(private).status_code, 404)
        self.assertEqual(Comment.objects.count(), 2)
