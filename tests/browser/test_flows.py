"""The main flows of both parties, end to end in Chromium, at desktop and phone width: sign in,
find and open the partnership, record an objective, propose a shared goal and endorse it from
both sides, give the goal a KPI from "Goals without a KPI", measure it, delete with confirmation,
and read the history. Focus and keyboard behaviour are checked on the way."""

import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import WIDTHS
from tests.browser.helpers import sign_in

NORTHWIND = "adam@northwind.example"  # an admin of Northwind Energy
HELIOS = "arjun@helios.example"  # an admin of Helios Solar
PARTNERSHIP = "Community solar rollout"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request) -> str:
    return request.param


@pytest.fixture
def party(browser, server, width):
    """A signed-in page factory: party(email) -> a page of a fresh browser context."""
    contexts = []

    def open_as(email: str):
        context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "console",
            lambda m: page.errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        sign_in(page, server, email)
        return page

    yield open_as
    for context in contexts:
        for page in context.pages:
            assert page.errors == [], page.errors  # no script error, nothing the CSP blocked
        context.close()


def open_partnership(page, name: str = PARTNERSHIP) -> None:
    page.get_by_label("Search").fill(name.split()[1])
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/partnerships/\d+/$"))


def subnav(page, name: str) -> None:
    page.get_by_role("navigation", name="Alignment").get_by_role("link", name=name).click()


def test_both_parties_agree_a_goal_measure_it_and_read_the_history(party, width):
    suffix = f"({width})"
    northwind = party(NORTHWIND)
    open_partnership(northwind)
    crumbs = northwind.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.get_by_role("link", name=PARTNERSHIP).get_attribute("aria-current") == "page"

    # Northwind records an objective.
    northwind.get_by_role("navigation", name=f"Sections of {PARTNERSHIP}").get_by_role(
        "link", name="Alignment"
    ).click()
    subnav(northwind, "Objectives")
    northwind.get_by_role("link", name="New objective").click()
    northwind.get_by_label("Title").fill(f"Train 40 installers {suffix}")
    northwind.get_by_role("button", name="Record the objective").click()
    row = northwind.locator("tr", has_text=f"Train 40 installers {suffix}")
    assert row.count() == 1

    # Northwind proposes a goal and endorses it: focus stays with the goal, not the page top.
    subnav(northwind, "Shared goals")
    northwind.get_by_role("link", name="Propose a goal").click()
    goal = f"Certify installers together {suffix}"
    northwind.get_by_label("Title").fill(goal)
    northwind.get_by_role("button", name="Propose the goal").click()
    card = northwind.locator("article.goal-card", has_text=goal)
    card.get_by_role("button", name="Endorse for Northwind Energy").click()
    card.get_by_text("Northwind Energy endorses").wait_for()
    # htmx settles, then app.js moves focus (a moment after the new card shows).
    northwind.wait_for_function(
        "goal => (document.activeElement.closest('article.goal-card') || {}).textContent"
        "?.includes(goal)",
        arg=goal,
    )
    # The next Tab from there reaches the card's own controls, not the top bar.
    northwind.keyboard.press("Tab")
    assert northwind.evaluate("() => !!document.activeElement.closest('article.goal-card')")

    # Helios, signed in elsewhere, endorses too: the goal is agreed.
    helios = party(HELIOS)
    open_partnership(helios)
    helios.goto(northwind.url.split("#")[0])
    card = helios.locator("article.goal-card", has_text=goal)
    card.get_by_role("button", name="Endorse for Helios Solar").click()
    card.get_by_text("Agreed by every party").wait_for()

    # "Goals without a KPI" leads to a KPI form with the goal chosen.
    subnav(helios, "Alignment")
    without = helios.locator(
        "section", has=helios.get_by_role("heading", name="Goals without a KPI")
    )
    without.get_by_role("link", name=f"Add a KPI for {goal}").click()
    assert (
        helios.get_by_label("Shared goal it measures").evaluate(
            "s => s.options[s.selectedIndex].text"
        )
        == goal
    )
    # Range fields show only for a range KPI, and are then required.
    low = helios.get_by_label("Range: lowest acceptable")
    assert not low.is_visible()
    helios.get_by_label("Direction").select_option("range")
    assert low.is_visible() and low.evaluate("e => e.required")
    assert not helios.locator("#id_target").is_visible()
    helios.get_by_label("Direction").select_option("up")
    helios.get_by_label("Name").fill(f"Certified installers {suffix}")
    helios.locator("#id_baseline").fill("0")
    helios.get_by_label("Baseline date").fill((date.today() - timedelta(days=90)).isoformat())
    helios.locator("#id_target").fill("40")
    helios.locator("#id_decimals").fill("0")  # whole installers: the value reads "12"
    helios.get_by_label("Target date").fill((date.today() + timedelta(days=275)).isoformat())
    helios.get_by_role("button", name="Save").click()
    helios.wait_for_url(re.compile(r"/kpis/\d+/$"))

    # A measurement, then its deletion: asked first, cancelled, then confirmed.
    helios.locator("#id_measured_on").fill(date.today().isoformat())
    helios.locator("#id_value").fill("12")
    helios.get_by_role("button", name="Add the value").click()
    values = helios.get_by_role("region", name="Measurements")
    values.get_by_role("cell", name="12", exact=True).wait_for()
    values.get_by_role("button", name=re.compile("Delete")).click()
    dialog = helios.get_by_role("dialog")
    assert "Delete the value 12" in dialog.inner_text()
    dialog.get_by_role("button", name="Cancel").click()
    assert values.get_by_role("cell", name="12", exact=True).is_visible()
    values.get_by_role("button", name=re.compile("Delete")).click()
    dialog.get_by_role("button", name="Delete").click()
    helios.get_by_text("No measurements yet.").wait_for()

    # Northwind deletes its objective: the confirmation says what goes with it.
    subnav(northwind, "Objectives")
    row = northwind.locator("tr", has_text=f"Train 40 installers {suffix}")
    row.get_by_role("button", name=re.compile("Delete")).click()
    dialog = northwind.get_by_role("dialog")
    assert "Delete the objective “Train 40 installers" in dialog.inner_text()
    dialog.get_by_role("button", name="Delete").click()
    northwind.get_by_text(re.compile("deleted, with its links")).wait_for()

    # The history tells both what happened.
    northwind.get_by_role("navigation", name=f"Sections of {PARTNERSHIP}").get_by_role(
        "link", name="History"
    ).click()
    history = northwind.get_by_role("list", name="History")
    assert goal in history.inner_text()


def test_the_partnership_list_sorts_searches_and_counts(party):
    page = party(NORTHWIND)
    stages = page.get_by_role("navigation", name="Filter by stage")
    assert re.search(r"All\s*4", stages.inner_text())
    names = page.locator(".plist-name").all_inner_texts()
    assert names[-1] == "Battery recycling study"  # ended: last by default
    page.get_by_label("Sort by").select_option("name")
    page.get_by_role("button", name="Show").click()
    names = page.locator(".plist-name").all_inner_texts()
    assert names == sorted(names)
    page.get_by_label("Search").fill("helios")
    page.get_by_role("button", name="Show").click()
    assert "Grid-ready EV depots" not in page.locator(".plist").inner_text()
    assert re.search(r"Ended\D*1", stages.inner_text())


def test_tabs_show_that_they_scroll_and_tables_take_the_keyboard(party, width):
    page = party(NORTHWIND)
    open_partnership(page)
    page.get_by_role("link", name="Long-term").first.click()
    scrolls = page.eval_on_selector(".tabs ul", "e => e.classList.contains('scrolls')")
    assert scrolls == (width == "phone")
    table = page.get_by_role("region", name="Balance per party")
    table.focus()
    assert table.evaluate("e => e === document.activeElement")


def test_team_changes_keep_focus_on_their_notice_and_removal_asks_first(party):
    page = party(NORTHWIND)
    open_partnership(page)
    team_form = page.locator("form", has=page.get_by_role("button", name="Add to the team"))
    colleague = team_form.get_by_label("Colleague")
    olivia = colleague.evaluate("s => [...s.options].find(o => o.text.includes('Olivia')).value")
    colleague.select_option(olivia)
    team_form.get_by_role("button", name="Add to the team").click()
    page.locator("#team .notice").first.wait_for()
    page.wait_for_function("() => document.activeElement.matches('#team .notice')")

    page.get_by_role("button", name="Remove Olivia from the team").click()
    dialog = page.get_by_role("dialog")
    assert dialog.inner_text().count("Remove Olivia from Northwind Energy's team") == 1
    assert dialog.get_by_role("button", name="Cancel").evaluate(
        "e => e === document.activeElement"
    )  # the safe choice has focus
    page.keyboard.press("Escape")
    assert page.get_by_role("button", name="Remove Olivia from the team").is_visible()
    page.get_by_role("button", name="Remove Olivia from the team").click()
    dialog.get_by_role("button", name="Remove").click()
    page.locator("#team .notice", has_text="left the team").wait_for()
    page.wait_for_function("() => document.activeElement.matches('#team .notice')")
    assert page.get_by_role("button", name="Remove Olivia from the team").count() == 0
