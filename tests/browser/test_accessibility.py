"""axe-core on every page of the main paths, as each party and signed out, at desktop and phone
width: no serious or critical violation."""

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.helpers import axe_violations, crawl, sign_in

# Each party at each width: a team member of one side and an organization admin of the other
# (who also sees the organization's members and invitations).
PEOPLE = [
    ("desktop", "maya@northwind.example"),
    ("desktop", "arjun@helios.example"),
    ("phone", "mateo@helios.example"),
    ("phone", "adam@northwind.example"),
]


@pytest.mark.parametrize(("width", "email"), PEOPLE)
def test_no_serious_violation_on_any_page(browser, server, email, width):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    sign_in(page, server, email)
    pages = crawl(page, server, "/partnerships/", server)
    context.close()
    assert len(pages) > 15, pages.keys()  # the crawl reached the practices' pages
    assert [line for found in pages.values() for line in found] == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_violation_signed_out(browser, server, width):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    found = []
    for path in ("/login/", "/password-reset/", "/invitations/no-such-token/"):
        page.goto(server + path)
        found += axe_violations(page)
    context.close()
    assert found == []
