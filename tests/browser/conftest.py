"""Browser tests: Accord served on a fresh SQLite data directory with the demo data, driven in
headless Chromium through Playwright, with axe-core injected to check accessibility.

They need Debian's `chromium` (or ACCORD_CHROMIUM naming another Chromium) and axe-core from
`.ci/node` (npm ci). Where either is missing they are skipped with one message saying how to get
it, unless ACCORD_REQUIRE_BROWSER=1 (set by .ci/run): then they fail, so CI never passes
without them.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("ACCORD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
HOW_TO = "Browser tests skipped: {missing}."
WIDTHS = {"desktop": 1280, "phone": 390}


def _missing() -> str:
    """What the browser tests lack on this machine and how to get it, or ''."""
    lacking = []
    if not Path(CHROMIUM).is_file():
        lacking.append(
            "Chromium is not installed (apt-get install chromium, or set ACCORD_CHROMIUM to a "
            "Chromium binary)"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        lacking.append("Playwright is not installed (./dev installs it: the dev extra)")
    if not AXE.is_file():
        lacking.append("axe-core is not installed (npm ci in .ci/node)")
    return "; ".join(lacking)


MISSING = _missing()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not MISSING:
        return
    required = os.environ.get("ACCORD_REQUIRE_BROWSER") == "1"
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and not required:
            item.add_marker(pytest.mark.skip(reason=HOW_TO.format(missing=MISSING)))


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    skipped = terminalreporter.stats.get("skipped", [])
    if MISSING and any("Browser tests skipped" in str(report.longrepr) for report in skipped):
        terminalreporter.write_line(HOW_TO.format(missing=MISSING), yellow=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of `accord serve` on a fresh data directory holding the demo data."""
    data = tempfile.mkdtemp(prefix="accord-browser-")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(ACCORD_DATA_DIR=data, DJANGO_SETTINGS_MODULE="accord.settings")
    accord = [sys.executable, "-m", "accord"]
    subprocess.run([*accord, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(Path(data) / "serve.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [*accord, "serve", "--port", str(port), "--threads", "8"], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError((Path(data) / "serve.log").read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if MISSING:  # only when ACCORD_REQUIRE_BROWSER=1: otherwise the tests were skipped
        pytest.fail(f"ACCORD_REQUIRE_BROWSER=1, but {MISSING}.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
