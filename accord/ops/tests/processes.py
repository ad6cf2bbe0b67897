"""Running `accord` commands as an operator would: separate processes on a temporary data
directory (SQLite), with bounded waits."""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest
from collections.abc import Callable
from pathlib import Path


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without this test run's Accord/Django settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ACCORD_", "DATABASE_URL", "DJANGO_"))
    }
    return {**env, **extra}


def accord(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "accord", *args],
        env=clean_env(**env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition: Callable[[], bool], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def query(data_dir: str, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(Path(data_dir) / "accord.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


_template: tempfile.TemporaryDirectory | None = None


def migrated_data_dir(test: unittest.TestCase) -> str:
    """A fresh data directory with a migrated database, removed after TEST. Migrating takes
    seconds, so it is done once per test run and copied (closed files: a plain copy is safe)."""
    global _template
    if _template is None:
        _template = tempfile.TemporaryDirectory(prefix="accord-template-")
        result = accord("migrate", "-v0", env={"ACCORD_DATA_DIR": _template.name})
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
    folder = tempfile.TemporaryDirectory(prefix="accord-ops-")
    test.addCleanup(folder.cleanup)
    for name in ("accord.sqlite3", "secret_key"):
        shutil.copy2(Path(_template.name) / name, Path(folder.name) / name)
    return folder.name
