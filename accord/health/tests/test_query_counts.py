"""`health_of` runs a fixed number of queries however much data the partnership has: it calls
the six providers, none of which may read record by record."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core.viewpoint import Viewpoint
from accord.health.checkup import health_of
from accord.health.tests.builders import TODAY, Builder
from accord.roles import services as roles
from tests.base import AccordTestCase

# The six providers' 46, and perception_of's one when no round has closed (five with one).
QUERIES = 47


class HealthQueryCountTests(AccordTestCase):
    def grow(self, build: Builder, n: int, start: int) -> None:
        """n more records of every kind each practice scores, failing and healthy ones."""
        a, b = self.party_a, self.party_b
        workstream = roles.workstream_create(**build.by(a), title=f"Work {start}")
        for i in range(start, start + n):
            goal = build.goal(f"Goal {i}", a, b)
            build.objective(b, f"Aim {i}", supports=goal)
            build.objective(a, f"Doubt {i}", conflicts=goal)
            build.kept(a, f"Kept {i}", -3 - i)
            build.broken(b, f"Broken {i}", -4 - i)
            build.item_read(b, f"Item {i}")
            build.activity(workstream, f"Task {i}", "A", "R")
            build.decision(build.rule(f"Rule {i}"), f"Decision {i}", -2)
            build.update(a, f"Update {i}", acknowledged=bool(i % 2))
            build.cadence(b, f"Cadence {i}", 3, held=bool(i % 2))
            risk = build.risk(b, f"Risk {i}", (4, 5))
            build.plan(risk, f"Plan {i}", fired=10, answered=bool(i % 2))
            build.kpi(a, f"KPI {i}", 100 * i, goal=goal)
            build.value(b, "benefit", 10 * (i + 1))

    def queries(self) -> int:
        with CaptureQueriesContext(connection) as captured:
            health_of(Viewpoint.of_party(self.party_a), TODAY)
        return len(captured)

    def test_the_health_check_reads_in_a_fixed_number_of_queries(self):
        build = Builder(self)
        build.healthy()
        self.grow(build, 1, 0)
        small = self.queries()
        self.grow(build, 6, 1)
        self.assertEqual((small, self.queries()), (QUERIES, QUERIES))
