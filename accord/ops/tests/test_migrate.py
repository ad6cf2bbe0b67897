"""Two `accord migrate` at once on a fresh database: the second waits, neither fails."""

import tempfile
from urllib.parse import quote

import psycopg
from django.db import connection
from django.test import SimpleTestCase

from accord.ops.tests.processes import accord, start


class ConcurrentMigrateTests(SimpleTestCase):
    databases = {"default"}

    def fresh_database(self) -> dict[str, str]:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        env = {"ACCORD_DATA_DIR": folder.name}
        if connection.vendor != "postgresql":
            return env
        db = connection.settings_dict
        name = f"{db['NAME']}_migrate"
        server = psycopg.connect(
            dbname="postgres",
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"] or None,
            port=db["PORT"] or None,
            autocommit=True,
        )
        self.addCleanup(server.close)
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
        self.addCleanup(server.execute, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        where = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        return {**env, "DATABASE_URL": f"postgres://{credentials}@{where}/{name}"}

    def test_two_migrations_at_once_both_succeed(self):
        env = self.fresh_database()
        runs = [start("migrate", "-v0", env=env) for _ in range(2)]
        for run in runs:
            self.addCleanup(run.kill)
        errors = [run.communicate(timeout=300)[1] for run in runs]
        self.assertEqual([run.returncode for run in runs], [0, 0], errors)
        check = accord("migrate", "--check", env=env)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
