"""The whole suite's pytest hooks: how pytest-xdist shares the tests out between its workers.

`./dev test` runs the suite in parallel: `-n auto --dist loadgroup --no-loadscope-reorder`
(decision 0032). Each test class (or module of plain test functions) goes to one worker whole,
so that its setUpTestData / setUpClass / module fixtures run once, not once per worker that gets
a share of it. The browser tests go to one worker together: they share one served demo and one
Chromium, started once per process.
"""

import pytest

BROWSER = "tests/browser/"

# Where a few tests take minutes (separate processes, a browser, matrices of every route): they
# are handed out first, so that the workers finish together instead of one of them running the
# last long group alone. Only the order changes; a module missing here just runs in its turn.
HEAVY = (
    BROWSER,
    "tests/test_deployment.py",
    "tests/test_access.py",
    "tests/test_nasty_input.py",
    "accord/ops/tests/",
)


def _heaviness(item: pytest.Item) -> int:
    return next((i for i, path in enumerate(HEAVY) if item.nodeid.startswith(path)), len(HEAVY))


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("loadgroup", default=False):
        return
    items.sort(key=_heaviness)  # stable: otherwise in collection order
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue  # a test module that chose its own group
        nodeid = item.nodeid
        test_class = getattr(item, "cls", None)  # a pytest.Function's; None for functions
        if nodeid.startswith(BROWSER):
            group = "browser"
        elif test_class is not None:
            group = f"{nodeid.split('::', 1)[0]}::{test_class.__name__}"
        else:
            group = nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))
