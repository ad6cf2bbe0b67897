"""This practice's rows of the access matrix (tests/test_access.py runs them)."""

from accord.alignment.models import Objective
from accord.core.models import Visibility
from accord.core.records import record_create
from tests.access_matrix import Case, record_cases

CASES: list[Case] = [
    *record_cases(
        "objective",
        "objective",
        create=lambda t: {"title": "More reach"},
        patch=lambda t: {"title": "Even more reach"},
        private="private_objective",
    ),
]


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
    t.objective = record_create(
        record=Objective(partnership=t.partnership, owner_party=t.party_b, title="Beta's aim"),
        actor=t.bob,
    )
    t.private_objective = record_create(
        record=Objective(
            partnership=t.partnership,
            owner_party=t.party_b,
            title="Beta's secret",
            visibility=Visibility.PRIVATE,
        ),
        actor=t.bob,
    )
