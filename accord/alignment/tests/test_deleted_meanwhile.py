"""Pages and API of practice 1 when the record is deleted between the access check and the
write: 404 (or a field error for a goal or objective named in the body), never a 500, and
nothing changed or audited (issue 6, item 12)."""

from unittest.mock import patch

from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.alignment import api, services
from accord.alignment.models import Endorsement, LinkKind, Objective, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import endorse, goal, link, objective, objective_form
from accord.audit.models import AuditEvent
from accord.core.records import record_delete
from accord.core.tests.races import deleted_after_the_access_check
from tests.base import AccordTestCase

OBJECTIVE_FORM = objective_form("X", priority="high", horizon="short", version=1)


class DeletedMeanwhileTests(AccordTestCase):
    def setUp(self) -> None:
        self.aim = objective(self, self.alice, "Alpha's aim")
        self.reach = goal(self, self.alice, "Reach")
        self.conflict = link(self.aim, self.reach, self.alice, LinkKind.CONFLICTS)
        self.base = f"/partnerships/{self.partnership.pk}"

    def delete(self, record) -> None:
        """Another writer deletes the record (Beta's admin, for a joint goal; Alpha's admin)."""
        if isinstance(record, SharedGoal):
            self.assertIsNone(services.goal_delete(record=record, actor=self.amy))
        elif isinstance(record, Objective):
            services.objective_delete(record=record, actor=self.amy)
        else:
            record_delete(record=record, actor=self.amy)

    def lose(self, method: str, path: str, data=None) -> None:
        """Call the API as alice, the record deleted just after her access check: 404."""
        with deleted_after_the_access_check(self.delete):
            response = self.api(method, path, self.alice, data)
        self.assertEqual(response.status_code, 404, response.content)
        self.assertEqual(response.json()["detail"], "Not found.")

    def test_changing_an_objective_deleted_meanwhile_is_not_found(self):
        self.lose("patch", f"{self.base}/objectives/{self.aim.pk}", {"version": 1, "title": "X"})
        self.assertFalse(AuditEvent.objects.filter(action="update").exists())

    def test_deleting_an_objective_deleted_meanwhile_is_not_found(self):
        self.lose("delete", f"{self.base}/objectives/{self.aim.pk}")
        deleted = AuditEvent.objects.filter(action="delete", record_type="alignment.Objective")
        self.assertEqual(deleted.count(), 1)

    def test_endorsing_a_goal_deleted_meanwhile_is_not_found(self):
        self.lose("post", f"{self.base}/goals/{self.reach.pk}/endorsement")
        self.assertFalse(Endorsement.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="endorse").exists())

    def test_withdrawing_from_a_goal_deleted_meanwhile_is_not_found(self):
        endorse(self, self.reach, self.party_a)
        self.lose("delete", f"{self.base}/goals/{self.reach.pk}/endorsement", {"reason": "No."})
        self.assertFalse(AuditEvent.objects.filter(action="withdraw").exists())

    def test_resolving_a_conflict_deleted_meanwhile_is_not_found(self):
        path = f"{self.base}/links/{self.conflict.pk}/resolution"
        self.lose("post", path, {"resolution": "Agreed."})
        self.assertFalse(AuditEvent.objects.filter(action="resolve").exists())

    def test_linking_to_a_goal_deleted_meanwhile_is_a_field_error(self):
        other = goal(self, self.alice, "Other")
        real = api.linkable_goal

        def deleted_meanwhile(grant, goal_id):
            found = real(grant, goal_id)
            self.delete(found)
            return found

        with patch.object(api, "linkable_goal", deleted_meanwhile):
            response = self.api(
                "post",
                f"{self.base}/links",
                self.alice,
                {"objective": self.aim.pk, "goal": other.pk},
            )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertEqual(response.json()["errors"][0]["field"], "goal")
        self.assertFalse(ObjectiveLink.objects.filter(goal_id=other.pk).exists())

    def test_linking_an_objective_deleted_meanwhile_is_a_field_error(self):
        other = goal(self, self.alice, "Other")
        stale = Objective.objects.get(pk=self.aim.pk)
        self.delete(self.aim)
        with self.assertRaises(ValidationError) as raised:
            services.link_create(objective=stale, goal=other, actor=self.alice)
        self.assertIn("objective", raised.exception.message_dict)

    def page(self, name: str, record, data=None):
        """Post the page as alice, the record deleted just after her access check."""
        self.client.force_login(self.alice)
        url = reverse(name, args=[self.partnership.pk, record.pk])
        with deleted_after_the_access_check(self.delete):
            return self.client.post(url, data or {})

    def test_pages_answer_404_for_a_record_deleted_meanwhile(self):
        cases = [
            ("accord-objective-edit", "aim", OBJECTIVE_FORM),
            ("accord-objective-delete", "aim", {}),
            ("accord-goal-edit", "reach", {"title": "X", "status": "open", "version": 1}),
            ("accord-goal-delete", "reach", {}),
            ("accord-goal-endorse", "reach", {}),
            ("accord-goal-withdraw", "reach", {"reason": "Changed our mind."}),
            ("accord-link-resolve", "conflict", {"resolution": "Agreed."}),
            ("accord-link-delete", "conflict", {}),
        ]
        for name, attribute, data in cases:
            with self.subTest(page=name):
                self.setUp()
                last = AuditEvent.objects.order_by("-id").values_list("id", flat=True)[0]
                response = self.page(name, getattr(self, attribute), data)
                self.assertEqual(response.status_code, 404)
                # Only the other writer's deletion was audited; the loser changed nothing.
                after = AuditEvent.objects.filter(id__gt=last).values_list("action", flat=True)
                self.assertEqual(set(after), {"delete"})
