"""Practice 2 demo data, built through the services (stub replaced below)."""

from accord.accounts.models import User
from accord.core.models import Partnership


def load_demo(partnerships: dict[str, Partnership], people: dict[str, User]) -> None:
    return None
