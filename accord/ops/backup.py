"""Online backups of the SQLite database and their restoration.

Never copy a live SQLite file: committed rows may still be in its -wal file, and the copy can
catch a page half-written. SQLite's backup API reads one consistent snapshot while the server
and worker keep writing, and writes into a live database inside one transaction, so the other
connections see either the old database or the restored one.
"""

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from accord.lib.env import private_directory

SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def live_database() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(
            "The database is PostgreSQL: back it up with `pg_dump -Fc` and restore it with "
            "`pg_restore` (see the README), and keep the data directory's key files with it."
        )
    name = str(connection.settings_dict["NAME"])
    if ":memory:" in name or "mode=memory" in name:
        raise BackupError("The database is in memory: there is nothing on disk to back up.")
    return Path(name)


def backup_create(*, out: Path | None = None) -> Path:
    """A consistent copy of the live database, mode 0600, in one file (no -wal); by default
    `backups/accord-<UTC time>.sqlite3` in the data directory. Never overwrites a file."""
    source = live_database()
    if out is None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        out = private_directory(Path(settings.BACKUP_DIR)) / f"accord-{stamp}.sqlite3"
    if out.exists():
        raise BackupError(f"{out} exists; choose another file.")
    with _private_temporary(out) as temporary:
        _copy(source, temporary)
        os.replace(temporary, out)
    return out


def backup_restore(*, backup: Path) -> Path:
    """Replace the live database's content by BACKUP's, after checking that BACKUP is a sound
    Accord database this version understands. Saves the current database first and returns
    where (`backups/pre-restore-….sqlite3`)."""
    target = live_database()
    _check_header(backup)
    with _private_temporary(target) as staged:
        _copy(backup, staged)  # a stable snapshot to check and restore from
        _check_accord_database(staged)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
        saved = backup_create(
            out=private_directory(Path(settings.BACKUP_DIR)) / f"pre-restore-{stamp}.sqlite3"
        )
        connection.close()
        with (
            contextlib.closing(sqlite3.connect(staged)) as source,
            contextlib.closing(sqlite3.connect(target, timeout=60)) as live,
        ):
            source.backup(live)
            live.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return saved


def _copy(source: Path, target: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source, timeout=60)) as reader,
        contextlib.closing(sqlite3.connect(target)) as writer,
    ):
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file


@contextlib.contextmanager
def _private_temporary(beside: Path) -> Iterator[Path]:
    """An empty 0600 file in BESIDE's directory (so that a rename is atomic), removed after."""
    path = beside.with_name(f".{beside.name}.{os.getpid()}.tmp")
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield path
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from error
    if header != SQLITE_HEADER:
        raise BackupError(f"{path} is not an SQLite database.")


def _check_accord_database(path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (integrity check failed).")
        try:
            applied = set(db.execute("SELECT app, name FROM django_migrations").fetchall())
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is not an Accord database.") from error
    if not any(app == "core" for app, _ in applied):
        raise BackupError(f"{path} is not an Accord database.")
    unknown = applied - set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    if unknown:
        raise BackupError(
            f"{path} was made by a newer version of Accord ({len(unknown)} migrations this "
            "version does not have): upgrade Accord first."
        )
