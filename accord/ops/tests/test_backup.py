"""`accord backup` and `accord restore`: a restore drill, and what a restore refuses."""

import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import SimpleTestCase, TestCase

from accord.ops.backup import BackupError, _check_accord_database, _check_header
from accord.ops.tests.processes import accord, migrated_data_dir

BUILD = """
from accord.core.services import organization_create, partnership_create
org = organization_create(name="Acme", slug="acme")
for name in ("Before one", "Before two"):
    partnership_create(organization=org, actor=None, name=name)
"""
CHANGE = """
from accord.core.models import Organization, Partnership
from accord.core.services import partnership_create
partnership_create(organization=Organization.objects.get(slug="acme"), actor=None, name="After")
Partnership.objects.filter(name="Before one").update(purpose="changed after the backup")
"""
CHECK = """
from accord.core.models import Partnership
print(sorted(Partnership.objects.values_list("name", "purpose")))
"""


@pytest.mark.own_sqlite
class RestoreDrillTests(SimpleTestCase):
    def test_a_restored_backup_has_the_data_as_it_was_and_a_sound_audit_trail(self):
        data = migrated_data_dir(self)
        env = {"ACCORD_DATA_DIR": data}

        def run(*args: str) -> str:
            result = accord(*args, env=env)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            return result.stdout.strip()

        run("shell", "-v0", "-c", BUILD)
        backup = Path(run("backup"))
        self.assertEqual(backup.parent, Path(data) / "backups")
        self.assertEqual(backup.stat().st_mode & 0o777, 0o600)
        self.assertEqual(backup.parent.stat().st_mode & 0o777, 0o700)
        run("shell", "-v0", "-c", CHANGE)
        self.assertIn("After", run("shell", "-v0", "-c", CHECK))

        refused = accord("restore", str(backup), env=env)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("--yes", refused.stderr)
        self.assertIn("saved to", run("restore", str(backup), "--yes"))

        self.assertEqual(
            run("shell", "-v0", "-c", CHECK), "[('Before one', ''), ('Before two', '')]"
        )
        self.assertIn("intact", run("audit", "verify"))
        saved = sorted((Path(data) / "backups").glob("pre-restore-*.sqlite3"))
        self.assertEqual(len(saved), 1)
        self.assertEqual(saved[0].stat().st_mode & 0o777, 0o600)


class RestoreChecksTests(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)

    def test_a_file_that_is_not_sqlite_is_refused(self):
        path = self.folder / "notes.txt"
        path.write_text("hello")
        with self.assertRaisesMessage(BackupError, "is not an SQLite database"):
            _check_header(path)

    def test_a_missing_file_is_refused_with_a_message(self):
        with self.assertRaisesMessage(BackupError, "Cannot read"):
            _check_header(self.folder / "missing.sqlite3")

    def test_an_sqlite_database_of_something_else_is_refused(self):
        path = self.folder / "other.sqlite3"
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (x)")
        with self.assertRaisesMessage(BackupError, "is not an Accord database"):
            _check_accord_database(path)

    def test_a_backup_from_a_newer_version_is_refused(self):
        path = self.folder / "newer.sqlite3"
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE django_migrations (app, name)")
            db.execute("INSERT INTO django_migrations VALUES ('core', '9999_future')")
        with self.assertRaisesMessage(BackupError, "newer version of Accord"):
            _check_accord_database(path)


class BackupRefusalTests(TestCase):
    def test_backup_refuses_what_it_cannot_copy_and_says_what_to_do(self):
        """On PostgreSQL it points at pg_dump; the tests' SQLite database lives in memory."""
        expected = "pg_dump" if connection.vendor == "postgresql" else "in memory"
        with self.assertRaisesMessage(CommandError, expected):
            call_command("backup")
        with self.assertRaisesMessage(CommandError, expected):
            call_command("restore", os.devnull, "--yes")
