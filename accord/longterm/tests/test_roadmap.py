"""The roadmap: milestones by horizon relative to today, what is late, completion dates."""

from datetime import date, timedelta

from django.utils import timezone

from accord.longterm import services
from accord.longterm.models import Milestone, MilestoneStatus
from accord.longterm.selectors import roadmap
from accord.longterm.tests.base import LongtermTestCase

TODAY = date(2026, 1, 10)


def due(days: int, status: str = "planned") -> Milestone:
    return Milestone(title=f"in {days}", due_date=TODAY + timedelta(days=days), status=status)


class HorizonTests(LongtermTestCase):
    def test_horizons_by_days_until_due(self):
        cases = {
            0: "now",
            90: "now",  # 10 April 2026: within 90 days
            91: "next",
            365: "next",
            366: "later",
            -1: "now",  # overdue and open
        }
        for days, horizon in cases.items():
            with self.subTest(days=days):
                self.assertEqual(due(days).horizon_on(TODAY), horizon)

    def test_overdue_but_done_or_dropped_is_past_and_not_late(self):
        for status in ("done", "dropped"):
            milestone = due(-5, status)
            self.assertEqual(
                (milestone.horizon_on(TODAY), milestone.is_late_on(TODAY)), ("past", False)
            )

    def test_late_means_due_date_passed_and_not_done(self):
        self.assertTrue(due(-1, "in_progress").is_late_on(TODAY))
        self.assertFalse(due(0).is_late_on(TODAY))


class RoadmapTests(LongtermTestCase):
    def make(self, title: str, days: int, status: str = "planned", **extra) -> Milestone:
        return services.milestone_create(
            party=self.grant(self.bob).acting_party(),
            actor=self.bob,
            title=title,
            due_date=timezone.localdate() + timedelta(days=days),
            status=status,
            **extra,
        )

    def test_the_roadmap_lays_milestones_out_and_counts_the_late_ones(self):
        self.make("Late", -3, "in_progress")
        self.make("Soon", 30)
        self.make("This year", 200)
        self.make("Far", 500)
        self.make("Finished", -40, "done")
        result = roadmap(self.grant(self.alice, "view").viewpoint, timezone.localdate())
        titles = lambda ms: [m.title for m in ms]  # noqa: E731
        self.assertEqual(
            (titles(result.now), titles(result.next), titles(result.later), titles(result.past)),
            (["Late", "Soon"], ["This year"], ["Far"], ["Finished"]),
        )
        self.assertEqual(titles(result.late), ["Late"])
        body = self.api("get", f"/partnerships/{self.partnership.pk}/roadmap", self.alice).json()
        self.assertEqual(body["late"], 1)
        self.assertEqual(
            [(m["title"], m["late"]) for m in body["now"]], [("Late", True), ("Soon", False)]
        )

    def test_the_page_shows_three_columns_and_marks_the_late(self):
        self.make("Late one", -3)
        response = self.page_as(self.vic, "accord-longterm")
        self.assertContainsAll(
            response,
            "Now · within 90 days",
            "Next · 3 to 12 months",
            "Later · beyond a year",
            "1 milestone late",
            "lt-milestone-late",
        )

    def test_done_sets_the_completion_date_and_reopening_clears_it(self):
        milestone = self.make("Launch", 10, "done")
        self.assertEqual(milestone.completed_on, timezone.localdate())
        milestone = services.milestone_update(
            record=milestone,
            actor=self.bob,
            expected_version=1,
            changes={"status": "in_progress"},
        )
        self.assertIsNone(milestone.completed_on)
        milestone = services.milestone_update(
            record=milestone,
            actor=self.bob,
            expected_version=2,
            changes={"status": "done", "completed_on": date(2025, 5, 5)},
        )
        self.assertEqual(milestone.completed_on, date(2025, 5, 5))
        self.assertEqual(self.make("Open", 10, completed_on=date(2025, 1, 1)).completed_on, None)

    def test_the_rule_refuses_a_completion_date_on_an_open_milestone(self):
        milestone = Milestone(status=MilestoneStatus.PLANNED, completed_on=date(2025, 1, 1))
        self.assertIn("completed_on", milestone.rule_errors())

    def test_the_milestone_api_refuses_a_foreign_goal_and_bad_dates(self):
        url = f"/partnerships/{self.partnership.pk}/milestones"
        response = self.api(
            "post", url, self.bob, {"title": "x", "due_date": "2026-01-01", "goal_id": 424242}
        )
        self.assertEqual(
            (response.status_code, response.json()["errors"][0]["field"]), (400, "goal_id")
        )
        response = self.api("post", url, self.bob, {"title": "x", "due_date": "10000-01-01"})
        self.assertEqual(response.status_code, 422)
