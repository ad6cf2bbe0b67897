"""Bad input of any shape gets a 4xx JSON answer naming the field, and changes nothing."""

from accord.audit.models import AuditEvent
from accord.core.models import Partnership
from tests.base import AccordTestCase

MALFORMED = ["{", "[]", "null", "42", '"text"', '{"name": }', "\x00", "{}" * 1000]


class BadInputTests(AccordTestCase):
    def assertRefused(self, response, status=None, field=None):
        self.assertIn(response.status_code, {status} if status else {400, 422}, response.content)
        body = response.json()
        self.assertIn("detail", body)
        if field:
            self.assertIn(field, [e["field"] for e in body["errors"]], body)

    def test_create_names_each_bad_field(self):
        response = self.api(
            "post",
            "/partnerships",
            self.alice,
            {"name": "", "stage": "dreaming", "start_date": "soon"},
        )
        self.assertRefused(response, 422)
        fields = {e["field"] for e in response.json()["errors"]}
        self.assertEqual(fields, {"name", "stage", "start_date"})

    def test_create_without_name_is_refused(self):
        self.assertRefused(self.api("post", "/partnerships", self.alice, {}), 422, "name")

    def test_malformed_bodies_never_fail_the_server(self):
        count = Partnership.objects.count()
        for raw in MALFORMED:
            with self.subTest(body=raw[:20]):
                self.assertRefused(self.api("post", "/partnerships", self.alice, raw=raw))
                self.assertRefused(
                    self.api("patch", f"/partnerships/{self.partnership.pk}", self.alice, raw=raw)
                )
        self.assertEqual(Partnership.objects.count(), count)

    def test_wrong_types_are_refused(self):
        bodies = [
            {"name": 5},
            {"name": ["x"]},
            {"name": {"a": 1}},
            {"name": "x" * 201},
            {"name": "ok", "review_cadence": "weekly"},
            {"name": "ok", "purpose": 3},
        ]
        for body in bodies:
            with self.subTest(body=str(body)[:40]):
                self.assertRefused(self.api("post", "/partnerships", self.alice, body), 422)

    def test_patch_needs_a_version(self):
        response = self.api(
            "patch", f"/partnerships/{self.partnership.pk}", self.alice, {"name": "No version"}
        )
        self.assertRefused(response, 422, "version")

    def test_patch_refuses_empty_name_and_changes_nothing(self):
        events = AuditEvent.objects.count()
        for body in (
            {"version": 1, "name": None},
            {"version": 1, "name": ""},
            {"version": 1, "stage": None},
            {"version": "one"},
            {"version": 10**30},
        ):
            with self.subTest(body=body):
                response = self.api(
                    "patch", f"/partnerships/{self.partnership.pk}", self.alice, body
                )
                self.assertIn(response.status_code, {400, 409, 422}, response.content)
        self.partnership.refresh_from_db()
        self.assertEqual((self.partnership.name, self.partnership.version), ("Solar rollout", 1))
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_unknown_ids_and_junk_paths_answer_404(self):
        for path in (
            "/partnerships/999999",
            "/partnerships/abc",
            "/partnerships/99999999999999999999999",
            "/partnerships/999999/parties",
            "/invitations/nope/accept",
        ):
            with self.subTest(path=path):
                method = "post" if path.endswith("accept") else "get"
                response = self.api(method, path, self.alice, {} if method == "post" else None)
                self.assertIn(response.status_code, {400, 404}, response.content)

    def test_team_member_must_belong_to_the_party(self):
        response = self.api(
            "post",
            f"/partnerships/{self.partnership.pk}/team",
            self.alice,
            {"email": "bob@beta.test"},
        )
        self.assertRefused(response, 400, "email")

    def test_organization_invitation_checks_the_email(self):
        response = self.api(
            "post", "/organizations/alpha/invitations", self.amy, {"email": "not-an-email"}
        )
        self.assertRefused(response, 400, "email")
        response = self.api(
            "post", "/organizations/alpha/invitations", self.amy, {"email": "alice@alpha.test"}
        )
        self.assertRefused(response, 400, "email")

    def test_page_bounds_are_checked(self):
        # A bad query string is a 400 (decision 0012); `offset` is no longer a parameter.
        for query in (
            "limit=0",
            "limit=100000000000000000000000",
            "offset=-1",
            "offset=99999999999999999999999999",
            "limit=abc",
        ):
            with self.subTest(query=query):
                self.assertRefused(self.api("get", f"/partnerships?{query}", self.alice), 400)

    def test_unknown_api_paths_answer_json(self):
        response = self.api("get", "/partnerships/null,null", self.alice)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["detail"], "Not found.")

    def test_unknown_fields_are_refused(self):
        response = self.api("post", "/partnerships", self.alice, {"name": "x", "colour": "red"})
        self.assertRefused(response, 422, "colour")

    def test_blank_names_are_refused(self):
        self.assertRefused(
            self.api("post", "/partnerships", self.alice, {"name": "   "}), 422, "name"
        )
        self.assertRefused(
            self.api(
                "patch",
                f"/partnerships/{self.partnership.pk}",
                self.alice,
                {"version": 1, "name": "  "},
            ),
            422,
            "name",
        )

    def test_nul_characters_are_refused_in_every_text(self):
        bodies = [
            ("post", "/partnerships", {"name": "a\x00b"}, "name"),
            ("post", "/partnerships", {"name": "ok", "purpose": "\x00"}, "purpose"),
            (
                "patch",
                f"/partnerships/{self.partnership.pk}",
                {"version": 1, "scope": "\x00"},
                "scope",
            ),
            ("post", f"/partnerships/{self.partnership.pk}/team", {"email": "\x00"}, "email"),
            ("post", f"/partnerships/{self.partnership.pk}/invitations", {"note": "\x00"}, "note"),
        ]
        for method, path, body, field in bodies:
            with self.subTest(path=path, field=field):
                self.assertRefused(self.api(method, path, self.alice, body), 422, field)

    def test_patch_refuses_null_and_non_integer_versions(self):
        url = f"/partnerships/{self.partnership.pk}"
        self.assertRefused(
            self.api("patch", url, self.alice, {"version": 1, "purpose": None}), 422, "purpose"
        )
        self.assertRefused(self.api("patch", url, self.alice, {"version": True}), 422, "version")
        self.assertRefused(self.api("patch", url, self.alice, {"version": "1"}), 422, "version")
