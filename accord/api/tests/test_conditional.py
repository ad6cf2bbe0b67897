"""Conditional requests: ETags on every record, `If-None-Match` on reading one, `If-Match` on
changing or deleting one, and `If-Match` refused where it cannot be honoured (decision 0011)."""

import json
from typing import Any

from accord.alignment.models import Objective
from accord.core.models import Partnership
from tests.base import AccordTestCase


class ConditionalTests(AccordTestCase):
    objective: Objective

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.objective = cls.record(Objective, party=cls.party_a, title="Cheaper panels")

    def call(self, method: str, path: str, data: Any = None, **environ: str) -> Any:
        """The API called by alice; `environ` holds further headers (`HTTP_IF_MATCH`)."""
        headers = {"Authorization": f"Bearer {self.token_for(self.alice)}"}
        call = getattr(self.client, method)
        if data is None:
            return call(f"/api/v1{path}", headers=headers, **environ)
        body = json.dumps(data)
        return call(
            f"/api/v1{path}", body, content_type="application/json", headers=headers, **environ
        )

    @property
    def one(self) -> str:
        return f"/partnerships/{self.partnership.pk}/objectives/{self.objective.pk}"

    def etag(self) -> str:
        return self.call("get", self.one)["ETag"]

    def test_a_record_answers_its_etag_from_its_version(self):
        etag = self.etag()
        self.assertRegex(etag, r'^"1-[0-9a-f]{16}"$')
        changed = self.call("patch", self.one, {"version": 1, "title": "Cheap panels"})
        self.assertRegex(changed["ETag"], r'^"2-')
        self.assertEqual(changed["ETag"], self.etag())
        created = self.call(
            "post", f"/partnerships/{self.partnership.pk}/objectives", {"title": "N"}
        )
        self.assertEqual(created.status_code, 201)
        path = f"/partnerships/{self.partnership.pk}/objectives/{created.json()['id']}"
        self.assertEqual(created["ETag"], self.call("get", path)["ETag"])

    def test_if_none_match_answers_304_while_unchanged(self):
        etag = self.etag()
        response = self.call("get", self.one, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["ETag"], etag)
        self.assertEqual(
            self.call("get", self.one, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code, 304
        )
        self.call("patch", self.one, {"version": 1, "title": "Cheap panels"})
        response = self.call("get", self.one, HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["title"], "Cheap panels")

    def test_an_endorsement_changes_the_goals_etag_though_not_its_version(self):
        goal = self.call("post", f"/partnerships/{self.partnership.pk}/goals", {"title": "G"})
        path = f"/partnerships/{self.partnership.pk}/goals/{goal.json()['id']}"
        self.call("post", f"{path}/endorsement", {})
        response = self.call("get", path, HTTP_IF_NONE_MATCH=goal["ETag"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["version"], 1)
        self.assertNotEqual(response["ETag"], goal["ETag"])

    def test_if_match_stands_for_the_version(self):
        response = self.call("patch", self.one, {"title": "By ETag"}, HTTP_IF_MATCH=self.etag())
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], 2)
        self.objective.refresh_from_db()
        self.assertEqual(self.objective.title, "By ETag")

    def test_a_stale_if_match_answers_412_with_the_current_record(self):
        stale = self.etag()
        self.call("patch", self.one, {"version": 1, "title": "First"})
        response = self.call("patch", self.one, {"title": "Second"}, HTTP_IF_MATCH=stale)
        self.assertEqual(response.status_code, 412)
        body = response.json()
        self.assertEqual(body["code"], "precondition_failed")
        self.assertEqual(body["current_version"], 2)
        self.assertEqual(body["current"]["title"], "First")
        self.assertEqual(response["ETag"], self.etag())
        self.objective.refresh_from_db()
        self.assertEqual(self.objective.title, "First")

    def test_a_wrong_if_match_is_refused_not_ignored(self):
        response = self.call("patch", self.one, {"version": 1, "title": "X"}, HTTP_IF_MATCH='"9"')
        self.assertEqual(response.status_code, 412)
        self.objective.refresh_from_db()
        self.assertEqual(self.objective.version, 1)

    def test_if_match_and_a_version_that_disagree_are_refused(self):
        response = self.call(
            "patch", self.one, {"version": 7, "title": "X"}, HTTP_IF_MATCH=self.etag()
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["code"], "validation_error")
        self.assertEqual(response.json()["errors"][0]["field"], "version")
        agreeing = self.call(
            "patch", self.one, {"version": 1, "title": "X"}, HTTP_IF_MATCH=self.etag()
        )
        self.assertEqual(agreeing.status_code, 200)

    def test_a_patch_without_version_or_if_match_is_refused(self):
        response = self.call("patch", self.one, {"title": "X"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["field"], "version")

    def test_if_match_star_matches_any_version(self):
        response = self.call("patch", self.one, {"title": "Any"}, HTTP_IF_MATCH="*")
        self.assertEqual(response.status_code, 200)

    def test_delete_honours_if_match(self):
        stale = self.etag()
        self.call("patch", self.one, {"version": 1, "title": "First"})
        response = self.call("delete", self.one, HTTP_IF_MATCH=stale)
        self.assertEqual(response.status_code, 412)
        self.assertTrue(Objective.objects.filter(pk=self.objective.pk).exists())
        response = self.call("delete", self.one, HTTP_IF_MATCH=self.etag())
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Objective.objects.filter(pk=self.objective.pk).exists())

    def test_a_partnership_is_conditional_too(self):
        path = f"/partnerships/{self.partnership.pk}"
        etag = self.call("get", path)["ETag"]
        self.assertEqual(self.call("get", path, HTTP_IF_NONE_MATCH=etag).status_code, 304)
        changed = self.call("patch", path, {"stage": "active"}, HTTP_IF_MATCH=etag)
        self.assertEqual(changed.status_code, 200, changed.content)
        stale = self.call("patch", path, {"stage": "exploring"}, HTTP_IF_MATCH=etag)
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["current"]["stage"], "active")
        self.assertEqual(Partnership.objects.get(pk=self.partnership.pk).stage, "active")

    def test_operations_that_cannot_honour_if_match_refuse_it(self):
        objectives = f"/partnerships/{self.partnership.pk}/objectives"
        for method, path, data in [
            ("get", objectives, None),
            ("post", objectives, {"title": "Refused"}),
            ("get", self.one, None),
            ("post", f"/partnerships/{self.partnership.pk}/invitations", {}),
        ]:
            with self.subTest(method=method, path=path):
                response = self.call(method, path, data, HTTP_IF_MATCH=self.etag())
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["code"], "precondition_unsupported")
                self.assertEqual(response.json()["errors"][0]["field"], "If-Match")
        self.assertFalse(Objective.objects.filter(title="Refused").exists())
