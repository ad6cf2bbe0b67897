"""The calendar feed reads the practices only through their `Practice.calendar` providers: it
imports none of them, so a new practice reaches the feed by declaring one."""

from pathlib import Path

from accord.core.practices import practices
from tests.test_dependencies import imported_apps

APP = Path(__file__).resolve().parent.parent


def test_the_calendar_feed_imports_no_practice() -> None:
    slugs = {practice.slug for practice in practices()}
    wrong = [
        f"{path.relative_to(APP.parent)}:{line} imports accord.{target}"
        for path in sorted(APP.rglob("*.py"))
        if "tests" not in path.parts
        for target, line in imported_apps(path)
        if target in slugs
    ]
    assert wrong == []


def test_each_practice_with_dated_records_declares_its_provider() -> None:
    declared = {practice.slug for practice in practices() if practice.calendar_provider()}
    assert {"trust", "roles", "longterm"} <= declared
