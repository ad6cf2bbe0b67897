"""The access matrix's rows of the portfolio (tests/test_access.py): every member of Alpha sees
Alpha's portfolio (each the rows they see; ann none), everyone else is told it does not exist."""

from tests.access_matrix import Case, everyone


def members_of_alpha(status: int, anon: int) -> dict[str, int]:
    return {
        **dict.fromkeys(["amy", "alice", "vic", "ann"], status),
        **dict.fromkeys(["bea", "bob", "olga"], 404),
        "anon": anon,
    }


def setup(t) -> None:
    """Nothing beyond the standing cast: a partnership without a snapshot is a row too."""


def org(t) -> dict:
    return {"slug": "alpha"}


CASES = [
    # Everyone belongs to one organization: the portfolio link leads straight to it.
    Case("accord-portfolio-home", everyone(302, 302)),
    Case("accord-portfolio", members_of_alpha(200, 302), kwargs=org),
    Case("accord-portfolio-csv", members_of_alpha(200, 302), kwargs=org),
    Case("api:portfolio_list", members_of_alpha(200, 401), kwargs=org),
]
