import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from accord.core.management.commands.serve import add_server_arguments, server_options
from accord.demo import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Set up the database, load the demo data (once) and serve it with a worker."

    def add_arguments(self, parser: CommandParser) -> None:
        add_server_arguments(parser)
        parser.add_argument("--no-serve", action="store_true", help="Load the data and exit.")

    def handle(self, *args: Any, host: str, port: int, no_serve: bool, **options: Any) -> None:
        from accord.ops.server import GracefulServer
        from accord.wsgi import application

        call_command("migrate", interactive=False, verbosity=0)
        demo = build_demo()
        self.stdout.write(("Loaded" if demo.created else "Reusing") + " the demo data.\n")
        self.stdout.write(f"Sign in at http://{host}:{port}/ with password “{DEMO_PASSWORD}”:")
        for organization, logins in demo.logins.items():
            self.stdout.write(f"\n  {organization}")
            for email, role in logins:
                self.stdout.write(f"    {email:<34} {role}")
        self.stdout.write(f"\nAPI docs: http://{host}:{port}/api/v1/docs\n")
        if no_serve:
            return
        if host not in ("127.0.0.1", "localhost", "::1"):
            # A demo served to the network answers whatever name it is reached by.
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "*"]
        # From here a SIGTERM (a service manager, `kill`) stops the server gracefully, even one
        # that arrives while the worker starts; then the worker gets the same signal and a
        # bounded wait to finish its job.
        server = GracefulServer(
            application, server_options({**options, "host": host, "port": port})
        )
        worker = subprocess.Popen([sys.executable, "-m", "accord", "worker", "--verbosity", "0"])
        try:
            server.run()
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=settings.ACCORD_WORKER_GRACE_SECONDS + 5)
            except subprocess.TimeoutExpired:
                worker.kill()
