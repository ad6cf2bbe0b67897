"""Every list of the API: cursor pages in a stable, documented order, filters and `ordering`,
unknown query parameters refused; and the changes feed (decision 0012)."""

from datetime import timedelta
from urllib.parse import quote

from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.alignment.models import Objective
from accord.alignment.services import objective_update
from accord.api.lists import CURSOR_SALT, sign_cursor
from accord.core.services import partnership_create
from accord.longterm.tests.base import LongtermTestCase
from tests.base import AccordTestCase


class ListTestCase(AccordTestCase):
    def setUp(self) -> None:
        self.base = f"/partnerships/{self.partnership.pk}"

    def objective(self, title: str, *, alpha: bool = False, private: bool = False, **fields):
        party = self.party_a if alpha else self.party_b
        return self.record(Objective, party=party, private=private, title=title, **fields)

    def titles(self, query: str, user=None) -> list[str]:
        response = self.api("get", f"{self.base}/objectives?{query}", user or self.bob)
        self.assertEqual(response.status_code, 200, response.content)
        return [item["title"] for item in response.json()["items"]]

    def assertRefusedParameter(self, response, parameter: str) -> None:
        self.assertEqual(response.status_code, 400, response.content)
        body = response.json()
        self.assertEqual(body["code"], "validation_error")
        self.assertIn(parameter, [e["field"] for e in body["errors"]], body)


class CursorPageTests(ListTestCase):
    def test_a_crawl_reads_every_record_once_in_id_order_while_records_arrive(self):
        made = [self.objective(f"O{i}") for i in range(5)]
        first = self.api("get", f"{self.base}/objectives?limit=2", self.bob).json()
        self.assertEqual([o["id"] for o in first["items"]], [made[0].pk, made[1].pk])
        self.assertTrue(first["has_more"])
        made.append(self.objective("Arrived during the crawl"))
        seen = [o["id"] for o in first["items"]]
        cursor = first["next"]
        while cursor:
            page = self.api("get", f"{self.base}/objectives?limit=2&cursor={cursor}", self.bob)
            body = page.json()
            seen += [o["id"] for o in body["items"]]
            cursor = body["next"]
            self.assertEqual(body["has_more"], cursor is not None)
        self.assertEqual(seen, [o.pk for o in made])

    def test_orderings_break_ties_by_id_and_page_in_order(self):
        made = [self.objective(f"O{i}") for i in range(4)]
        same = timezone.now() - timedelta(days=1)
        Objective.objects.filter(pk__in=[made[1].pk, made[2].pk]).update(updated_at=same)
        ids = [o.pk for o in made]
        expected = [ids[1], ids[2], ids[0], ids[3]]
        for ordering, order in (("updated_at", expected), ("-updated_at", expected[::-1])):
            with self.subTest(ordering=ordering):
                items = self.api_list(f"{self.base}/objectives?ordering={ordering}", self.bob, 1)
                self.assertEqual([o["id"] for o in items], order)
        descending = self.api_list(f"{self.base}/objectives?ordering=-id", self.bob, 3)
        self.assertEqual([o["id"] for o in descending], ids[::-1])

    def test_every_list_pages_with_a_cursor(self):
        for path in (
            "/partnerships",
            f"{self.base}/parties",
            f"{self.base}/audit",
            "/organizations/alpha/members",
        ):
            with self.subTest(path=path):
                one_by_one = self.api_list(path, self.amy if "members" in path else self.bea, 1)
                whole = self.api_list(path, self.amy if "members" in path else self.bea)
                self.assertEqual(one_by_one, whole)
                self.assertTrue(whole)

    def test_the_audit_crawl_does_not_shift_when_events_arrive(self):
        for i in range(3):
            self.objective(f"O{i}")
        first = self.api("get", f"{self.base}/audit?limit=2", self.bob).json()
        rest_before = self.api_list(f"{self.base}/audit?cursor={first['next']}", self.bob)
        self.objective("Arrived during the crawl")
        rest_after = self.api_list(f"{self.base}/audit?cursor={first['next']}", self.bob)
        self.assertEqual(rest_after, rest_before)

    def test_bad_cursors_answer_400_never_500(self):
        self.objective("O1")
        self.objective("O2")
        good = self.api("get", f"{self.base}/objectives?limit=1", self.bob).json()["next"]
        other = partnership_create(organization=self.beta, actor=self.bea, name="Other")
        tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
        forged = signing.dumps({"scope": "x", "at": [1, 2]}, salt="another salt")
        wrong_shape = sign_cursor(f"/api/v1{self.base}/objectives?ordering=id", {"a": 1})
        wrong_value = sign_cursor(f"/api/v1{self.base}/objectives?ordering=id", ["x", 1])
        for name, url in {
            "garbage": f"{self.base}/objectives?cursor=garbage",
            "empty-looking": f"{self.base}/objectives?cursor=%00%FF",
            "long": f"{self.base}/objectives?cursor={'a' * 5000}",
            "tampered": f"{self.base}/objectives?cursor={good}".replace(good, tampered),
            "forged": f"{self.base}/objectives?cursor={quote(forged)}",
            "wrong shape": f"{self.base}/objectives?cursor={wrong_shape}",
            "wrong value": f"{self.base}/objectives?cursor={wrong_value}",
            "other list": f"{self.base}/kpis?cursor={good}",
            "other ordering": f"{self.base}/objectives?ordering=updated_at&cursor={good}",
            "other partnership": f"/partnerships/{other.pk}/objectives?cursor={good}",
            "feed cursor here": f"{self.base}/changes?cursor={good}",
        }.items():
            with self.subTest(name):
                user = self.bea if "other partnership" in name else self.bob
                self.assertRefusedParameter(self.api("get", url, user), "cursor")

    def test_the_answer_has_no_count(self):
        body = self.api("get", f"{self.base}/objectives", self.bob).json()
        self.assertEqual(set(body), {"items", "has_more", "next"})


class FilterTests(ListTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.record(Objective, party=cls.party_b, title="Beta shared")
        cls.record(Objective, party=cls.party_b, title="Beta done", status="achieved")
        cls.record(Objective, party=cls.party_b, private=True, title="Beta private")
        cls.record(Objective, party=cls.party_a, title="Alpha shared")
        cls.record(Objective, party=cls.party_a, private=True, title="Alpha secret")

    def test_status_owner_and_visibility(self):
        self.assertEqual(self.titles("status=achieved"), ["Beta done"])
        self.assertEqual(self.titles("owner=beta&visibility=private"), ["Beta private"])
        self.assertEqual(self.titles("owner=alpha"), ["Alpha shared"])
        self.assertEqual(self.titles("owner=alpha", self.alice), ["Alpha shared", "Alpha secret"])
        self.assertEqual(self.titles("owner=nobody"), [])

    def test_no_filter_and_no_cursor_shows_another_party_private_record(self):
        for query in (
            "visibility=private",
            "owner=alpha&visibility=private",
            "ordering=-updated_at&visibility=private",
            "limit=1&owner=alpha",
        ):
            with self.subTest(query=query):
                self.assertNotIn("Alpha secret", self.titles(query))
        crawled = self.api_list(f"{self.base}/objectives?ordering=-updated_at", self.bob, 1)
        self.assertNotIn("Alpha secret", str(crawled))
        self.assertEqual(len(crawled), 4)

    def test_a_cursor_of_a_private_record_shows_the_other_party_nothing_of_it(self):
        page = self.api("get", f"{self.base}/objectives?ordering=-id&limit=1", self.alice).json()
        self.assertEqual(page["items"][0]["title"], "Alpha secret")
        rest = self.titles(f"ordering=-id&cursor={page['next']}")
        self.assertEqual(rest, ["Alpha shared", "Beta private", "Beta done", "Beta shared"])

    def test_a_change_of_visibility_shows_in_every_filter_at_once(self):
        joint = Objective.objects.get(title="Alpha shared")
        cut = quote(timezone.now().isoformat())
        joint = objective_update(
            record=joint, actor=self.alice, expected_version=1, changes={"visibility": "private"}
        )
        for query in (f"updated_since={cut}", "owner=alpha", "ordering=-updated_at", "limit=1"):
            with self.subTest(query=query):
                self.assertNotIn("Alpha shared", self.titles(query))
        self.assertNotIn("Alpha shared", str(self.api_list(f"{self.base}/objectives", self.bob, 1)))
        objective_update(
            record=joint, actor=self.alice, expected_version=2, changes={"visibility": "shared"}
        )
        self.assertEqual(self.titles(f"updated_since={cut}"), ["Alpha shared"])

    def test_updated_range(self):
        cut = timezone.now()
        later = self.record(Objective, party=self.party_b, title="Changed later")
        since = quote(cut.isoformat())
        self.assertEqual(self.titles(f"updated_since={since}"), ["Changed later"])
        self.assertNotIn("Changed later", self.titles(f"updated_before={since}"))
        # An unencoded `+` of the offset arrives as a space and is still read as the offset.
        plus = cut.astimezone(timezone.get_fixed_timezone(120)).isoformat()
        self.assertEqual(self.titles(f"updated_since={plus}"), [later.title])

    def test_bad_filter_values_answer_400_naming_the_parameter(self):
        for query, parameter in (
            ("updated_since=yesterday", "updated_since"),
            ("updated_since=2026-05-01T09:30:00", "updated_since"),  # no offset
            ("updated_before=2026-13-01T00:00:00Z", "updated_before"),
            ("status=lost", "status"),
            ("visibility=secret", "visibility"),
            ("ordering=title", "ordering"),
            ("limit=0", "limit"),
        ):
            with self.subTest(query=query):
                response = self.api("get", f"{self.base}/objectives?{query}", self.bob)
                self.assertRefusedParameter(response, parameter)

    def test_lists_without_status_offer_no_status_filter(self):
        response = self.api("get", f"{self.base}/kpis?status=active", self.bob)
        self.assertRefusedParameter(response, "status")

    def test_partnerships_filter_by_stage_and_update_time(self):
        partnership_create(organization=self.beta, actor=self.bea, name="Later", stage="active")
        names = [
            p["name"]
            for p in self.api("get", "/partnerships?stage=active", self.bea).json()["items"]
        ]
        self.assertEqual(names, ["Later"])
        ordered = self.api("get", "/partnerships?ordering=-name", self.bea).json()["items"]
        self.assertEqual([p["name"] for p in ordered], ["Solar rollout", "Later"])


class UnknownParameterTests(ListTestCase):
    def test_every_kind_of_operation_refuses_an_unknown_query_parameter(self):
        objective = self.objective("O1")
        count = Objective.objects.count()
        for method, path in (
            ("get", f"{self.base}/objectives?offset=10"),
            ("get", f"{self.base}/objectives?stauts=active"),
            ("get", f"{self.base}/objectives/{objective.pk}?expand=owner"),
            ("get", "/me?x=1"),
            ("post", f"{self.base}/objectives?dry_run=1"),
            ("get", f"{self.base}/changes?since=1"),
        ):
            with self.subTest(path=path):
                response = self.api(method, path, self.bob, {"title": "Not made"})
                field = path.partition("?")[2].partition("=")[0]
                self.assertRefusedParameter(response, field)
                self.assertIn(field, response.json()["errors"][0]["message"])
        self.assertEqual(Objective.objects.count(), count)

    def test_a_stranger_is_answered_401_first(self):
        response = self.api("get", f"{self.base}/objectives?nonsense=1")
        self.assertEqual(response.status_code, 401)


class ChangesFeedTests(ListTestCase):
    def feed(self, user, cursor: str | None = None, limit: int = 100) -> dict:
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = self.api("get", f"{self.base}/changes?{query}", user)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def crawl(self, user, cursor: str | None = None, limit: int = 2) -> tuple[list[dict], str]:
        events: list[dict] = []
        while True:
            body = self.feed(user, cursor, limit)
            events += body["items"]
            cursor = body["next"]
            if not body["has_more"]:
                return events, cursor

    def test_oldest_first_with_kind_id_action_time_and_values(self):
        objective = self.objective("Grow", description="Sun")
        events, _ = self.crawl(self.bob)
        times = [event["at"] for event in events]
        self.assertEqual(times, sorted(times))
        last = events[-1]
        self.assertEqual(
            (last["record_kind"], last["record_id"], last["action"]),
            ("objective", objective.pk, "create"),
        )
        self.assertEqual(last["changes"]["title"], [None, "Grow"])
        self.assertEqual(events[0]["record_kind"], "partnership")

    def test_the_last_cursor_answers_the_events_written_since(self):
        _, cursor = self.crawl(self.bob)
        self.assertEqual(self.feed(self.bob, cursor)["items"], [])
        objective = self.objective("Later")
        body = self.feed(self.bob, cursor)
        self.assertEqual([e["record_id"] for e in body["items"]], [objective.pk])
        self.assertFalse(body["has_more"])
        again = self.feed(self.bob, body["next"])
        self.assertEqual(again["items"], [])
        # The same position, signed anew (the signature's time may have moved on a second).
        self.assertEqual(
            signing.loads(again["next"], salt=CURSOR_SALT),
            signing.loads(body["next"], salt=CURSOR_SALT),
        )

    def test_pages_of_any_size_read_the_same_events(self):
        for i in range(3):
            self.objective(f"O{i}", private=i == 1)
        one, _ = self.crawl(self.bob, limit=1)
        whole = self.feed(self.bob, limit=500)["items"]
        self.assertEqual(one, whole)

    def test_another_organizations_private_events_never_show_not_even_as_gaps(self):
        secret = self.objective("Alpha secret", alpha=True, private=True)
        self.objective("Beta own", private=True)
        events, cursor = self.crawl(self.bob)
        self.assertNotIn("Alpha secret", str(events))
        self.assertNotIn(
            secret.pk, [e["record_id"] for e in events if e["record_kind"] == "objective"]
        )
        for chain in {e["chain"] for e in events}:
            seqs = [e["seq"] for e in events if e["chain"] == chain]
            self.assertEqual(seqs, list(range(1, len(seqs) + 1)), chain)
        self.assertIn("Beta own", str(events))
        # The cursor names only the chains Beta sees.
        position = signing.loads(cursor, salt=CURSOR_SALT)["at"]
        self.assertEqual(set(position), {e["chain"] for e in events})
        self.assertNotIn(f"organization:{self.alpha.pk}", str(position))

    def test_a_record_made_private_leaves_and_its_later_changes_stay_hidden(self):
        shared = self.objective("Joint plan", alpha=True)
        _, cursor = self.crawl(self.bob)
        shared = objective_update(
            record=shared, actor=self.alice, expected_version=1, changes={"visibility": "private"}
        )
        objective_update(
            record=shared, actor=self.alice, expected_version=2, changes={"title": "Walk-away"}
        )
        seen, _ = self.crawl(self.bob, cursor)
        self.assertEqual([(e["action"], e["record_id"]) for e in seen], [("unshare", shared.pk)])
        self.assertNotIn("Walk-away", str(seen))
        own, _ = self.crawl(self.alice, cursor=None)
        self.assertIn("Walk-away", str(own))

    def test_bad_cursors_answer_400(self):
        cursor = self.feed(self.bob)["next"]
        other = partnership_create(organization=self.beta, actor=self.bea, name="Other")
        list_cursor = sign_cursor(f"/api/v1{self.base}/changes", [1, 2])
        for name, path in {
            "garbage": f"{self.base}/changes?cursor=garbage",
            "tampered": f"{self.base}/changes?cursor={cursor[:-2]}xx",
            "other partnership": f"/partnerships/{other.pk}/changes?cursor={cursor}",
            "wrong shape": f"{self.base}/changes?cursor={list_cursor}",
            "list's cursor": f"{self.base}/objectives?cursor={cursor}",
        }.items():
            with self.subTest(name):
                self.assertRefusedParameter(self.api("get", path, self.bea), "cursor")

    def test_an_outsider_gets_404(self):
        response = self.api("get", f"{self.base}/changes", self.olga)
        self.assertEqual(response.status_code, 404)


class ListQueryCountTests(ListTestCase):
    def queries(self, path: str) -> int:
        headers = {"Authorization": f"Bearer {self.token_for(self.bob)}"}
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(f"/api/v1{path}", headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        return len(captured)

    def second_page(self, path: str) -> int:
        cursor = self.api("get", f"{path}&limit=3", self.bob).json()["next"]
        return self.queries(f"{path}&limit=3&cursor={cursor}")

    def test_a_later_page_with_filters_costs_what_the_first_does(self):
        path = f"{self.base}/objectives?ordering=-updated_at&owner=beta&visibility=shared"
        counts = []
        for grown in (4, 20):
            for i in range(grown):
                self.objective(f"O{i}")
            counts.append((self.queries(path), self.second_page(path)))
        # token, its last-use stamp (3 with the savepoint), roles, parties, teams, page
        self.assertEqual(counts, [(8, 8), (8, 8)])

    def test_the_changes_feed_costs_the_same_on_every_page(self):
        counts = []
        for grown in (4, 20):
            for i in range(grown):
                self.objective(f"O{i}", private=i % 2 == 0)
            first = self.api("get", f"{self.base}/changes?limit=3", self.bob).json()
            counts.append(
                (
                    self.queries(f"{self.base}/changes?limit=3"),
                    self.queries(f"{self.base}/changes?limit=3&cursor={first['next']}"),
                )
            )
        # token, its last-use stamp (3 with the savepoint), roles, parties, teams, events
        self.assertEqual(counts, [(8, 8), (8, 8)])


class DatePositionTests(LongtermTestCase):
    def test_measurements_page_by_date_and_id(self):
        kpi = self.make_kpi()
        for ago in (5, 3, 1, 4, 2):
            self.measure(kpi, ago, ago)
        path = f"{self.kpis_url(kpi)}/measurements"
        dates = [m["measured_on"] for m in self.api_list(path, self.alice, limit=2)]
        self.assertEqual(dates, sorted(dates))
        self.assertEqual(len(dates), 5)
        newest = self.api_list(f"{path}?ordering=-measured_on", self.alice, limit=2)
        self.assertEqual([m["measured_on"] for m in newest], dates[::-1])
