"""Settings an operator relies on: production checks, security headers, SQLite done right."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.test import TestCase, override_settings

from accord.ops.tests.processes import migrated_data_dir
from tests.base import PASSWORD, AccordTestCase, run_queued_jobs


def accord(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ACCORD_", "DATABASE_URL", "DJANGO_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "accord", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class ProductionSettingsTests(TestCase):
    def test_deploy_checks_are_clean_over_https(self):
        with tempfile.TemporaryDirectory() as data:
            result = accord(
                "check",
                "--deploy",
                "--fail-level",
                "WARNING",
                env={"ACCORD_DATA_DIR": data, "ACCORD_HTTPS": "1"},
            )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_secret_key_is_generated_once_and_kept_private(self):
        with tempfile.TemporaryDirectory() as data:
            script = "from django.conf import settings; print(settings.SECRET_KEY)"
            first = accord("shell", "-v0", "-c", script, env={"ACCORD_DATA_DIR": data})
            second = accord("shell", "-v0", "-c", script, env={"ACCORD_DATA_DIR": data})
            self.assertEqual(first.stdout, second.stdout)
            self.assertGreater(len(first.stdout.strip()), 50)
            self.assertEqual((Path(data) / "secret_key").stat().st_mode & 0o777, 0o600)

    def test_the_data_directory_and_database_files_are_private_to_their_owner(self):
        """SQLite gives -wal/-shm the database file's mode; Accord creates that file 0600 first
        (the umask would make it 0644) and tightens what an older version left readable."""
        script = (
            "import os, stat\n"
            "from django.conf import settings\n"
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            "    c.execute('CREATE TABLE IF NOT EXISTS t (x)')\n"
            "    c.execute('INSERT INTO t VALUES (1)')\n"
            "    names = ['', 'accord.sqlite3', 'accord.sqlite3-wal', 'accord.sqlite3-shm',\n"
            "             'secret_key']\n"
            "    modes = [os.stat(settings.DATA_DIR / n).st_mode & 0o777 for n in names]\n"
            "    print(' '.join(oct(mode) for mode in modes))\n"
        )
        private = "0o700 0o600 0o600 0o600 0o600"
        with tempfile.TemporaryDirectory() as parent:
            data = Path(parent) / "new"
            first = accord("shell", "-v0", "-c", script, env={"ACCORD_DATA_DIR": str(data)})
            self.assertEqual(first.stdout.strip(), private, first.stderr)
            data.chmod(0o755)
            for name in ("accord.sqlite3", "secret_key"):
                (data / name).chmod(0o644)
            again = accord("shell", "-v0", "-c", script, env={"ACCORD_DATA_DIR": str(data)})
            self.assertEqual(again.stdout.strip(), private, again.stderr)

    def test_passwords_are_hashed_with_argon2(self):
        import accord.settings as production

        self.assertIn("Argon2", production.PASSWORD_HASHERS[0])


@pytest.mark.own_sqlite
class WorkerTests(TestCase):
    def test_worker_sends_the_emails_that_changes_enqueued(self):
        enqueue = (
            "from accord.core.invitations import organization_invitation_create as invite\n"
            "from accord.core.models import Organization\n"
            "from accord.accounts.services import user_create\n"
            "org = Organization.objects.get(slug='acme')\n"
            "from accord.core.services import membership_set\n"
            "admin = user_create(email='boss@acme.test')\n"
            "membership_set(organization=org, user=admin, role='owner', actor=None)\n"
            "invite(organization=org, email='new@acme.test', role='member', actor=admin)\n"
        )
        env = {"ACCORD_DATA_DIR": migrated_data_dir(self)}  # migrating is test_migrate's
        accord("org", "create", "Acme", env=env)
        accord("shell", "-v0", "-c", enqueue, env=env)
        worker = accord("worker", "--batch", env=env)
        self.assertEqual(worker.returncode, 0, worker.stderr)
        self.assertIn("To: new@acme.test", worker.stdout)
        self.assertIn("/join/", worker.stdout)


class StaticFilesTests(TestCase):
    def test_the_stylesheet_and_htmx_are_served_without_collectstatic(self):
        for path, kind in (("accord/app.css", "text/css"), ("accord/htmx.min.js", "javascript")):
            with self.subTest(path=path):
                response = self.client.get(f"/static/{path}")
                self.assertEqual(response.status_code, 200)
                self.assertIn(kind, response.headers["Content-Type"])


class SecurityHeaderTests(AccordTestCase):
    def test_pages_carry_a_content_security_policy(self):
        response = self.client.get("/login/")
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False)
    def test_hsts_is_sent_over_https(self):
        response = self.client.get("/login/", secure=True)
        self.assertIn("max-age=31536000", response.headers["Strict-Transport-Security"])


class LoginTests(AccordTestCase):
    def login(self, password: str):
        return self.client.post("/login/", {"username": "alice@alpha.test", "password": password})

    def test_right_password_signs_in(self):
        self.assertRedirects(self.login(PASSWORD), "/", fetch_redirect_response=False)

    def test_wrong_password_shows_an_error_and_keeps_the_email(self):
        response = self.login("nope")
        self.assertContains(response, "alice@alpha.test")
        self.assertContains(response, "correct")

    def test_repeated_failures_lock_the_login(self):
        for _ in range(5):
            self.login("nope")
        response = self.login(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_password_reset_sends_a_link(self):
        from django.core import mail

        response = self.client.post("/password-reset/", {"email": "alice@alpha.test"})
        self.assertRedirects(response, "/password-reset/sent/")
        run_queued_jobs()  # the email goes out through the worker
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("/password-reset/", mail.outbox[0].body)


@pytest.mark.own_sqlite
class SqliteTests(TestCase):
    """Writers on the embedded database queue for the lock instead of failing."""

    WRITER = (
        "from accord.core.services import organization_create, partnership_create\n"
        "from accord.core.models import Organization\n"
        "import sys\n"
        "org = Organization.objects.get(slug='acme')\n"
        "for i in range(25):\n"
        "    partnership_create(organization=org, actor=None, name=f'p{i}')\n"
    )

    def test_concurrent_writers_never_see_database_is_locked(self):
        data = migrated_data_dir(self)  # migrating is test_migrate's
        env = {"ACCORD_DATA_DIR": data}
        accord("org", "create", "Acme", env=env)
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("ACCORD_", "DATABASE_URL", "DJANGO_"))
        }
        writers = [
            subprocess.Popen(
                [sys.executable, "-m", "accord", "shell", "-v0", "-c", self.WRITER],
                env={**clean, **env},
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        errors = [w.communicate(timeout=120)[1] for w in writers]
        self.assertEqual([w.returncode for w in writers], [0, 0, 0], errors)
        count = accord(
            "shell",
            "-v0",
            "-c",
            "from accord.core.models import Partnership as P; print(P.objects.count())",
            env=env,
        )
        self.assertEqual(count.stdout.strip(), "75")
        journal = accord(
            "shell",
            "-v0",
            "-c",
            "from django.db import connection as c; "
            "cur = c.cursor(); cur.execute('PRAGMA journal_mode'); "
            "print(cur.fetchone()[0])",
            env=env,
        )
        self.assertEqual(journal.stdout.strip(), "wal")
        verified = accord("audit", "verify", env=env)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)


class AccountEdgeTests(AccordTestCase):
    def test_sign_in_ignores_the_case_of_the_email(self):
        response = self.client.post(
            "/login/", {"username": "Alice@Alpha.TEST", "password": PASSWORD}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_an_account_without_password_can_set_one_by_reset(self):
        from django.core import mail

        from accord.accounts.services import user_create

        user_create(email="fresh@alpha.test")
        self.client.post("/password-reset/", {"email": "fresh@alpha.test"})
        run_queued_jobs()
        self.assertEqual(len(mail.outbox), 1)


@pytest.mark.own_sqlite
class DemoProcessTests(TestCase):
    def test_stopping_the_demo_stops_its_worker(self):
        import signal
        import socket
        import time

        def children(pid: int) -> list[int]:
            found = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    fields = stat.read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == pid:
                    found.append(int(stat.parent.name))
            return found

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with tempfile.TemporaryDirectory() as data:
            clean = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("ACCORD_", "DATABASE_URL", "DJANGO_"))
            }
            demo = subprocess.Popen(
                [sys.executable, "-m", "accord", "demo", "--port", str(port)],
                env={**clean, "ACCORD_DATA_DIR": data},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 90
                while not children(demo.pid) and time.monotonic() < deadline:
                    time.sleep(0.2)
                workers = children(demo.pid)
                self.assertEqual(len(workers), 1)
                demo.send_signal(signal.SIGTERM)
                self.assertEqual(demo.wait(timeout=30), 0)
                deadline = time.monotonic() + 10
                while Path(f"/proc/{workers[0]}").exists() and time.monotonic() < deadline:
                    time.sleep(0.2)
                self.assertFalse(
                    Path(f"/proc/{workers[0]}").exists(), "the worker outlived the demo"
                )
            finally:
                demo.kill()


def raw_http(port: int, request: str, timeout: float = 30, source: str = "127.0.0.1") -> str:
    """Send REQUEST as is (the proxy's headers included) from SOURCE and read the answer."""
    import socket

    with socket.create_connection(
        ("127.0.0.1", port), timeout=timeout, source_address=(source, 0)
    ) as connection:
        connection.sendall(request.encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


def get(path: str, *headers: str) -> str:
    lines = [f"GET {path} HTTP/1.1", "Host: accord.example.com", *headers, "Connection: close"]
    return "\r\n".join(lines) + "\r\n\r\n"


@pytest.mark.own_sqlite
class ProductionRecipeTests(TestCase):
    """The README's production set-up, through `accord serve` itself: waitress must trust the
    proxy's X-Forwarded-Proto and X-Forwarded-For, and only the proxy's."""

    def setUp(self):
        import time

        from accord.ops.tests.processes import free_port, migrated_data_dir, start, wait_for

        self.port = free_port()
        data = migrated_data_dir(self)
        self.server = start(
            "serve",
            "--port",
            str(self.port),
            "--graceful-timeout",
            "20",
            env={
                "ACCORD_DATA_DIR": data,
                "ACCORD_HTTPS": "1",
                "ACCORD_BEHIND_PROXY": "1",
                "ACCORD_ALLOWED_HOSTS": "accord.example.com",
                "ACCORD_LOG_FORMAT": "json",
            },
        )
        self.addCleanup(self.server.communicate)  # cleanups run last first: kill, then reap
        self.addCleanup(self.server.kill)

        def answers() -> bool:
            try:
                return "200 OK" in raw_http(self.port, get("/healthz"), timeout=2)
            except OSError:
                time.sleep(0.2)
                return False

        self.assertTrue(wait_for(answers, timeout=60), "accord serve did not start")

    def test_the_readme_recipe_serves_https_behind_the_proxy(self):
        import re

        answer = raw_http(self.port, get("/login/"))
        self.assertTrue(answer.startswith("HTTP/1.1 301"), answer[:300])
        self.assertIn("Location: https://accord.example.com/login/", answer)
        self.assertTrue(raw_http(self.port, get("/healthz")).startswith("HTTP/1.1 200"))
        # Only the proxy (127.0.0.1) is believed: another peer claiming https is redirected.
        spoofed = raw_http(
            self.port, get("/login/", "X-Forwarded-Proto: https"), source="127.0.0.2"
        )
        self.assertTrue(spoofed.startswith("HTTP/1.1 301"), spoofed[:300])

        answer = raw_http(
            self.port,
            get("/login/", "X-Forwarded-Proto: https", "X-Forwarded-For: 203.0.113.7"),
        )
        self.assertTrue(answer.startswith("HTTP/1.1 200"), answer[:300])
        self.assertIn("Strict-Transport-Security: max-age=31536000", answer)
        cookies = re.findall(r"^Set-Cookie: (.*)$", answer, re.MULTILINE)
        self.assertTrue(cookies)
        self.assertTrue(all("Secure" in cookie for cookie in cookies), cookies)
        request_id = re.search(r"X-Request-Id: ([0-9a-f]{32})", answer)
        assert request_id is not None, answer[:300]

        import json
        import signal

        self.server.send_signal(signal.SIGTERM)
        logged = [json.loads(line) for line in self.server.communicate(timeout=30)[1].splitlines()]
        lines = [entry for entry in logged if entry.get("request_id") == request_id[1]]
        self.assertIn("GET /login/ 200", lines[0]["message"])
        self.assertEqual((lines[0]["path"], lines[0]["status"]), ("/login/", 200))

    def test_sigterm_lets_a_request_in_flight_finish_and_refuses_new_ones(self):
        import signal
        import socket
        import time

        from accord.ops.tests.processes import wait_for

        slow = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        self.addCleanup(slow.close)
        request = get("/healthz", "X-Forwarded-Proto: https")
        slow.sendall(request[:30].encode())  # the request is being received
        time.sleep(0.5)
        self.server.send_signal(signal.SIGTERM)

        def refused() -> bool:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return False
            except OSError:
                return True

        self.assertTrue(wait_for(refused, timeout=10), "still accepting after SIGTERM")
        self.assertIsNone(self.server.poll(), "exited with a request in flight")
        slow.sendall(request[30:].encode())
        answer = slow.recv(65536).decode("latin-1")
        self.assertTrue(answer.startswith("HTTP/1.1 200"), answer[:300])
        self.assertEqual(self.server.wait(timeout=30), 0)


@pytest.mark.own_sqlite
class SecretKeyRaceTests(TestCase):
    def test_processes_starting_together_on_a_fresh_data_dir_share_one_key(self):
        """Threads stand in for processes (one `accord migrate`, another, a worker), lined up
        on a barrier and switching as often as the interpreter allows."""
        import threading

        from accord.lib.env import persistent_key

        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        self.addCleanup(sys.setswitchinterval, interval)
        for _ in range(20):
            with tempfile.TemporaryDirectory() as data:
                barrier = threading.Barrier(8)
                keys: list[str | BaseException] = []

                def start(barrier: threading.Barrier, keys: list, data: str) -> None:
                    barrier.wait()
                    try:
                        keys.append(persistent_key(Path(data), "secret_key"))
                    except OSError as error:
                        keys.append(error)

                threads = [
                    threading.Thread(target=start, args=(barrier, keys, data)) for _ in range(8)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=30)
                self.assertEqual(set(keys), {(Path(data) / "secret_key").read_text()})
                self.assertEqual([p.name for p in Path(data).iterdir()], ["secret_key"])
