"""What the browser tests do on a page: sign in, check it with axe-core, crawl a partnership."""

import re
from urllib.parse import urldefrag, urlsplit

from tests.browser.conftest import AXE

AXE_SOURCE = AXE.read_text() if AXE.is_file() else ""
PASSWORD = "accord-demo"  # the demo's (accord.demo.DEMO_PASSWORD)
# Links a crawl does not follow: they leave the pages, download, change something or sign out.
NOT_PAGES = re.compile(r"/api/|/export|\.csv|/file/|/logout|/receipt|/static/|/admin/")


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/partnerships/"))


def axe_violations(page) -> list[str]:
    """The serious and critical axe-core violations on the page, one readable line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a script tag: the page's CSP (script-src 'self') stays on.
        page.evaluate(AXE_SOURCE)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def shape(url: str) -> str:
    """The URL with its ids and query values blanked: pages of one shape are one page to axe."""
    path = urlsplit(url).path
    return re.sub(r"/\d+(?=/)", "/N", path)


def crawl(page, base: str, start: str, within: str, limit: int = 60) -> dict[str, list[str]]:
    """Every page of one shape under `within` reachable from `start` by links, with its
    violations."""
    seen: dict[str, list[str]] = {}
    queue = [base + start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if shape(url) in seen:
            continue
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            seen[shape(url)] = []  # a file shown inline (a shared PDF, an image): no page
            continue
        seen[shape(url)] = axe_violations(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            href = urldefrag(href).url
            new = shape(href) not in seen and not NOT_PAGES.search(href)
            if new and href.startswith(base) and within in href:
                queue.append(href)
    return seen
