"""This practice's rows of the access matrix (tests/test_access.py runs them)."""

from tests.access_matrix import Case

CASES: list[Case] = []


def setup(t) -> None:
    """Create, on the test class `t`, the records the cases refer to."""
