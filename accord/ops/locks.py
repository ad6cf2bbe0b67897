"""A lock that one `accord migrate` holds while another waits, on either database."""

import contextlib
import fcntl
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper

# A fixed key for pg_advisory_lock, the same in every process of every version.
MIGRATE_LOCK_KEY = zlib.crc32(b"accord.migrate")


@contextlib.contextmanager
def migration_lock(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """PostgreSQL: a session advisory lock (released by the server if this process dies).
    SQLite: an exclusive fcntl lock on a file beside the database (released with the process)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK_KEY])
        return
    with _file_lock(_lock_path(connection)):
        yield


def _lock_path(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if (
        connection.vendor == "sqlite"
        and name
        and ":memory:" not in name
        and "mode=memory" not in name
    ):
        return Path(f"{name}.migrate-lock")
    return Path(settings.DATA_DIR) / "migrate.lock"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
