"""Bad input of any shape gets a 4xx answer naming the field, changes nothing, never a 500."""

from django.urls import reverse

from accord.alignment.models import Endorsement, Objective, ObjectiveLink, SharedGoal
from accord.alignment.tests.helpers import endorse, goal, link, objective, objective_form
from accord.audit.models import AuditEvent
from tests.base import AccordTestCase

MALFORMED = ["{", "[]", "null", "42", '"text"', '{"title": }', "\x00", "{}" * 1000]
HUGE = 10**30


class ApiBadInputTests(AccordTestCase):
    aim: Objective
    reach: SharedGoal
    conflict: ObjectiveLink
    base: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.aim = objective(cls, cls.bob, "Beta aim")
        cls.reach = goal(cls, cls.alice, "Reach")
        cls.conflict = link(cls.aim, cls.reach, cls.bob, "conflicts")
        cls.base = f"/partnerships/{cls.partnership.pk}"

    def assertRefused(self, response, field: str | None = None) -> None:
        self.assertIn(response.status_code, {400, 422}, response.content)
        body = response.json()
        self.assertIn("detail", body)
        if field:
            self.assertIn(field, [e["field"] for e in body["errors"]], body)

    def assertUnchanged(self, before: int) -> None:
        self.assertEqual(AuditEvent.objects.count(), before)

    def writes(self) -> list[tuple[str, str]]:
        b = self.base
        return [
            ("post", f"{b}/objectives"),
            ("patch", f"{b}/objectives/{self.aim.pk}"),
            ("post", f"{b}/goals"),
            ("patch", f"{b}/goals/{self.reach.pk}"),
            ("post", f"{b}/links"),
            ("patch", f"{b}/links/{self.conflict.pk}"),
            ("post", f"{b}/goals/{self.reach.pk}/endorsement"),
            ("delete", f"{b}/goals/{self.reach.pk}/endorsement"),
            ("post", f"{b}/links/{self.conflict.pk}/resolution"),
            ("post", f"{b}/suggestions/goal"),
        ]

    def test_malformed_bodies_never_fail_the_server(self):
        before = AuditEvent.objects.count()
        for method, path in self.writes():
            for raw in MALFORMED:
                if method == "post" and path.endswith("/endorsement") and raw == "null":
                    continue  # an empty body is a valid endorsement
                with self.subTest(method=method, path=path, body=raw[:12]):
                    self.assertRefused(self.api(method, path, self.bob, raw=raw))
        self.assertUnchanged(before)

    def test_nul_characters_are_refused_in_every_text(self):
        before = AuditEvent.objects.count()
        b = self.base
        for method, path, body, field in (
            ("post", f"{b}/objectives", {"title": "a\x00b"}, "title"),
            ("post", f"{b}/goals", {"title": "ok", "description": "\x00"}, "description"),
            ("patch", f"{b}/goals/{self.reach.pk}", {"version": 1, "title": "\x00"}, "title"),
            (
                "post",
                f"{b}/links",
                {"objective": self.aim.pk, "goal": self.reach.pk, "note": "\x00"},
                "note",
            ),
            (
                "post",
                f"{b}/links/{self.conflict.pk}/resolution",
                {"resolution": "\x00"},
                "resolution",
            ),
            ("delete", f"{b}/goals/{self.reach.pk}/endorsement", {"reason": "\x00"}, "reason"),
        ):
            with self.subTest(path=path, field=field):
                self.assertRefused(self.api(method, path, self.bob, body), field)
        self.assertUnchanged(before)

    def test_wrong_types_and_unknown_fields_are_refused(self):
        b = self.base
        for path, body, field in (
            (f"{b}/objectives", {"title": 5}, "title"),
            (f"{b}/objectives", {"title": "x", "priority": "urgent"}, "priority"),
            (f"{b}/objectives", {"title": "x", "owner_party": 1}, "owner_party"),
            (f"{b}/objectives", {"title": "x" * 201}, "title"),
            (f"{b}/goals", {"title": ["x"]}, "title"),
            (f"{b}/goals", {"title": "x", "agreed": True}, "agreed"),
            (f"{b}/links", {"objective": "one", "goal": self.reach.pk}, "objective"),
            (
                f"{b}/links",
                {"objective": self.aim.pk, "goal": self.reach.pk, "kind": "hates"},
                "kind",
            ),
            (f"{b}/links", {"objective": self.aim.pk}, "goal"),
            (f"{b}/suggestions/goal", {"objectives": [self.aim.pk]}, "objectives"),
            (f"{b}/suggestions/goal", {"objectives": "1,2"}, "objectives"),
            (f"{b}/goals/{self.reach.pk}/endorsement", {"organization": 3}, "organization"),
            (f"{b}/goals/{self.reach.pk}/endorsement", {"party": "beta"}, "party"),
        ):
            with self.subTest(path=path, body=str(body)[:40]):
                self.assertRefused(self.api("post", path, self.bob, body), field)

    def test_huge_ids_are_refused_or_not_found(self):
        b = self.base
        for body, field in (
            ({"objective": HUGE, "goal": self.reach.pk}, "objective"),
            ({"objective": self.aim.pk, "goal": HUGE}, "goal"),
            ({"objective": -1, "goal": self.reach.pk}, "objective"),
        ):
            self.assertRefused(self.api("post", f"{b}/links", self.bob, body), field)
        self.assertRefused(
            self.api("post", f"{b}/suggestions/goal", self.bob, {"objectives": [HUGE, 1]}),
            "objectives.0",
        )
        for path in (
            f"{b}/objectives/{HUGE}",
            f"{b}/goals/{HUGE}",
            f"{b}/links/{HUGE}",
            f"/partnerships/{HUGE}/alignment",
            f"/partnerships/{HUGE}/suggestions",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.api("get", path, self.bob).status_code, 404)
        response = self.api("post", f"{b}/goals/{HUGE}/endorsement", self.bob)
        self.assertEqual(response.status_code, 404)

    def test_patches_need_a_version_and_refuse_nulls(self):
        b = self.base
        for path, body, field in (
            (f"{b}/goals/{self.reach.pk}", {"title": "No version"}, "version"),
            (f"{b}/goals/{self.reach.pk}", {"version": 1, "title": None}, "title"),
            (f"{b}/goals/{self.reach.pk}", {"version": "1"}, "version"),
            (f"{b}/links/{self.conflict.pk}", {"version": 1, "kind": None}, "kind"),
            (f"{b}/objectives/{self.aim.pk}", {"version": 1, "status": "gone"}, "status"),
        ):
            with self.subTest(path=path, body=str(body)):
                self.assertRefused(self.api("patch", path, self.bob, body), field)
        self.assertEqual(SharedGoal.objects.get().title, "Reach")

    def test_endorsing_twice_and_withdrawing_without_endorsing_are_refused(self):
        url = f"{self.base}/goals/{self.reach.pk}/endorsement"
        self.assertRefused(self.api("delete", url, self.bea, {"reason": "None given yet."}))
        endorse(self, self.reach, self.party_b)
        self.assertRefused(self.api("post", url, self.bea))
        self.assertEqual(Endorsement.objects.count(), 1)

    def test_nothing_was_created_by_refused_input(self):
        self.test_wrong_types_and_unknown_fields_are_refused()
        self.assertEqual(
            (Objective.objects.count(), SharedGoal.objects.count(), ObjectiveLink.objects.count()),
            (1, 1, 1),
        )


class PageBadInputTests(AccordTestCase):
    def test_junk_filters_show_the_plain_lists(self):
        self.client.force_login(self.alice)
        url = reverse("accord-objectives", args=[self.partnership.pk])
        for query in ({"party": "x", "show": "supported"}, {"party": "9" * 30, "show": "orphans"}):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(url, query).status_code, 200)
        goals_url = reverse("accord-goals", args=[self.partnership.pk])
        self.assertEqual(self.client.get(goals_url, {"show": "\x00"}).status_code, 200)

    def test_bad_form_posts_are_refused_with_a_message(self):
        aim = objective(self, self.alice, "Alpha aim")
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("accord-suggestion-propose", args=[self.partnership.pk]),
            {"first": aim.pk, "second": "9" * 30},
            follow=True,
        )
        self.assertContains(response, "Choose a suggested pair")
        response = self.client.post(
            reverse("accord-objective-new", args=[self.partnership.pk]),
            objective_form("a\x00b", horizon="short"),
        )
        self.assertContains(response, "field-error")
        self.assertEqual(Objective.objects.count(), 1)
