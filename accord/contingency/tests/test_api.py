"""Risks, plans and the exit plan through the API: score computed and sorted by, the plan's
states (armed → active → resolved → armed) with illegal transitions refused and nothing
applied, stale versions 409, private risks and KPIs kept to their party, the checklist, and
the exit plan endorsed by every party until an edit clears it."""

from datetime import timedelta

from django.utils import timezone

from accord.contingency import services
from accord.contingency.models import ContingencyPlan, PlanStatus
from accord.contingency.tests.helpers import kpi, plan, risk
from tests.base import AccordTestCase


class RiskApiTests(AccordTestCase):
    def path(self, tail: str = "") -> str:
        return f"/partnerships/{self.partnership.pk}/risks{tail}"

    def test_the_score_is_likelihood_times_impact_and_the_list_sorts_by_it(self):
        for title, likelihood, impact in (("Low", 1, 2), ("High", 3, 5), ("Middle", 2, 4)):
            made = self.api(
                "post",
                self.path(),
                self.alice,
                {"title": title, "likelihood": likelihood, "impact": impact},
            )
            self.assertEqual(made.status_code, 201, made.content)
            self.assertEqual(made.json()["score"], likelihood * impact)
        body = self.api("get", self.path("?ordering=-score"), self.bob).json()
        self.assertEqual(
            [(r["title"], r["score"]) for r in body["items"]],
            [("High", 15), ("Middle", 8), ("Low", 2)],
        )
        self.assertEqual([r["high"] for r in body["items"]], [True, False, False])

    def test_ratings_outside_one_to_five_are_refused(self):
        refused = self.api("post", self.path(), self.alice, {"title": "X", "likelihood": 6})
        self.assertEqual(refused.status_code, 422)
        self.assertEqual(refused.json()["errors"][0]["field"], "likelihood")

    def test_the_owner_person_is_of_the_party_s_team(self):
        refused = self.api(
            "post", self.path(), self.alice, {"title": "X", "owner_person": self.bob.pk}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json()["errors"][0]["field"], "owner_person")
        made = self.api(
            "post", self.path(), self.alice, {"title": "X", "owner_person": self.vic.pk}
        )
        self.assertEqual(made.json()["owner_person"]["name"], self.vic.public_name)
        self.assertNotIn("@", str(made.json()["owner_person"]))

    def test_a_past_review_date_is_flagged(self):
        yesterday = str(timezone.localdate() - timedelta(days=1))
        late = self.api("post", self.path(), self.alice, {"title": "X", "next_review": yesterday})
        self.assertTrue(late.json()["review_late"])
        closed = self.api(
            "patch",
            self.path(f"/{late.json()['id']}"),
            self.alice,
            {"version": 1, "status": "closed"},
        )
        self.assertFalse(closed.json()["review_late"])

    def test_a_stale_edit_is_409_and_changes_nothing(self):
        made = risk(self)
        self.api("patch", self.path(f"/{made.pk}"), self.alice, {"version": 1, "impact": 5})
        stale = self.api("patch", self.path(f"/{made.pk}"), self.alice, {"version": 1, "impact": 1})
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(stale.json()["current"]["impact"], 5)

    def test_a_risk_with_plans_is_not_deleted(self):
        made = risk(self)
        plan(self, made)
        refused = self.api("delete", self.path(f"/{made.pk}"), self.alice)
        self.assertEqual(refused.status_code, 400)


class PlanApiTests(AccordTestCase):
    def setUp(self) -> None:
        self.plan = plan(self, risk(self))
        self.base = f"/partnerships/{self.partnership.pk}/plans/{self.plan.pk}"

    def post(self, tail: str, data: dict, user=None):
        return self.api("post", f"{self.base}/{tail}", user or self.alice, data)

    def test_activate_resolve_rearm_and_the_illegal_transitions(self):
        self.assertEqual(self.post("resolution", {"resolution": "x"}).status_code, 400)
        self.assertEqual(self.post("rearm", {}).status_code, 400)
        active = self.post("activation", {"reason": "Supplier stopped."})
        self.assertEqual(active.status_code, 200, active.content)
        self.assertEqual(active.json()["status"], "active")
        [logged] = active.json()["activations"]
        self.assertEqual(
            (logged["reason"], logged["activated_by"]["name"]),
            ("Supplier stopped.", self.alice.public_name),
        )
        twice = self.post("activation", {"reason": "Again."})
        self.assertEqual(twice.status_code, 400)
        self.assertIn("only once resolved and re-armed", str(twice.json()["errors"]))
        self.assertEqual(len(self.api("get", self.base, self.alice).json()["activations"]), 1)
        resolved = self.post("resolution", {"resolution": "Supplier back."})
        self.assertEqual(resolved.json()["status"], "resolved")
        self.assertEqual(resolved.json()["activations"][0]["resolution"], "Supplier back.")
        self.assertEqual(self.post("activation", {"reason": "Again."}).status_code, 400)
        self.assertEqual(self.post("rearm", {}).json()["status"], "armed")

    def test_a_stale_activation_is_409(self):
        services.plan_update(
            record=self.plan, actor=self.alice, expected_version=1, changes={"title": "New"}
        )
        stale = self.post("activation", {"reason": "Now.", "version": 1})
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(ContingencyPlan.objects.get(pk=self.plan.pk).status, PlanStatus.ARMED)

    def test_an_activation_needs_a_reason(self):
        self.assertEqual(self.post("activation", {"reason": " "}).status_code, 422)

    def test_the_first_step_ticked_answers_the_activation(self):
        with_step = self.post("actions", {"text": "Call Beta", "party": self.party_b.pk})
        self.assertEqual(with_step.status_code, 201, with_step.content)
        step = with_step.json()["actions"][0]["id"]
        self.post("activation", {"reason": "Now."})
        self.assertIsNone(
            self.api("get", self.base, self.alice).json()["activations"][0]["answered_at"]
        )
        done = self.post(f"actions/{step}/done", {"done": True}, user=self.bob)
        self.assertEqual(done.status_code, 200, done.content)
        self.assertTrue(done.json()["actions"][0]["done"])
        self.assertIsNotNone(done.json()["activations"][0]["answered_at"])
        self.assertEqual(self.post(f"actions/{step}/done", {"done": True}).status_code, 400)

    def test_a_step_s_person_is_of_its_party_s_team(self):
        refused = self.post(
            "actions", {"text": "X", "party": self.party_b.pk, "person": self.alice.pk}
        )
        self.assertEqual(refused.status_code, 400)

    def test_a_plan_cannot_point_at_another_party_s_private_risk_or_kpi(self):
        hidden = risk(self, "Beta's secret", party=self.party_b, visibility="private")
        path = f"/partnerships/{self.partnership.pk}/plans"
        refused = self.api("post", path, self.alice, {"risk": hidden.pk, "title": "X"})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(
            refused.json()["errors"][0],
            {"field": "risk", "message": "No such risk in this partnership."},
        )
        secret = kpi(self, "Beta's margin", party=self.party_b, visibility="private")
        refused = self.api(
            "post",
            path,
            self.alice,
            {
                "risk": self.plan.risk_id,
                "title": "X",
                "trigger_kind": "kpi_below",
                "trigger_kpi": secret.pk,
                "trigger_value": "1",
            },
        )
        self.assertEqual(refused.json()["errors"][0]["field"], "trigger_kpi")

    def test_a_shared_plan_of_a_private_risk_is_refused(self):
        own = risk(self, "Our cash", visibility="private")
        path = f"/partnerships/{self.partnership.pk}/plans"
        refused = self.api("post", path, self.alice, {"risk": own.pk, "title": "X"})
        self.assertEqual(refused.json()["errors"][0]["field"], "visibility")
        made = self.api(
            "post", path, self.alice, {"risk": own.pk, "title": "X", "visibility": "private"}
        )
        self.assertEqual(made.status_code, 201)

    def test_a_trigger_needs_its_fields_and_keeps_no_others(self):
        path = f"/partnerships/{self.partnership.pk}/plans"
        body = {"risk": self.plan.risk_id, "title": "X", "trigger_kind": "kpi_above"}
        refused = self.api("post", path, self.alice, body)
        self.assertEqual(
            {e["field"] for e in refused.json()["errors"]}, {"trigger_kpi", "trigger_value"}
        )
        made = self.api(
            "post",
            path,
            self.alice,
            {**body, "trigger_kind": "date", "trigger_date": "2027-01-01", "trigger_value": "5"},
        )
        self.assertEqual(
            (made.json()["trigger_date"], made.json()["trigger_value"]), ("2027-01-01", None)
        )


class ExitPlanApiTests(AccordTestCase):
    def test_every_party_endorses_it_and_an_edit_clears_the_endorsements(self):
        path = f"/partnerships/{self.partnership.pk}/exit_plans"
        made = self.api("post", path, self.bob, {"notice_days": 60, "data": "Deleted in 30 days."})
        self.assertEqual(made.status_code, 201, made.content)
        one = f"{path}/{made.json()['id']}"
        self.assertEqual(self.api("post", path, self.alice, {}).status_code, 400)
        self.assertEqual(self.api("post", f"{one}/endorsement", self.alice, {}).status_code, 201)
        self.assertEqual(self.api("post", f"{one}/endorsement", self.bob, {}).status_code, 403)
        body = self.api("post", f"{one}/endorsement", self.bea, {}).json()
        self.assertTrue(body["agreed"])
        changed = self.api("patch", one, self.alice, {"version": 1, "notice_days": 30})
        self.assertEqual(changed.json()["endorsed_by"], [])
        self.assertTrue(changed.json()["endorsements_cleared"])
        self.assertFalse(changed.json()["agreed"])

    def test_an_endorsed_exit_plan_is_not_deleted(self):
        path = f"/partnerships/{self.partnership.pk}/exit_plans"
        one = f"{path}/{self.api('post', path, self.bob, {}).json()['id']}"
        self.api("post", f"{one}/endorsement", self.bea, {})
        self.assertEqual(self.api("delete", one, self.alice).status_code, 400)
        self.api("delete", f"{one}/endorsement", self.bea, {"reason": "Start again."})
        self.assertEqual(self.api("delete", one, self.alice).status_code, 204)

    def test_the_exit_plan_is_never_private(self):
        path = f"/partnerships/{self.partnership.pk}/exit_plans"
        self.assertEqual(
            self.api("post", path, self.bob, {"visibility": "private"}).json()["visibility"],
            "shared",
        )


class RiskVisibilityTests(AccordTestCase):
    def test_a_risk_another_party_planned_for_stays_shared(self):
        shared = risk(self)
        plan(self, shared, party=self.party_b, visibility="private")
        path = f"/partnerships/{self.partnership.pk}/risks/{shared.pk}"
        refused = self.api("patch", path, self.alice, {"version": 1, "visibility": "private"})
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json()["errors"][0]["field"], "visibility")
