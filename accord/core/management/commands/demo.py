import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from accord.core.management.commands.serve import serve_forever
from accord.demo import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Set up the database, load the demo data (once) and serve it with a worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Load the data and exit.")

    def handle(self, *args, host, port, no_serve, **options):
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
        worker = subprocess.Popen([sys.executable, "-m", "accord", "worker", "--verbosity", "0"])
        # A SIGTERM (a service manager, `kill`) ends the demo through `finally`, worker included.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            serve_forever(host, port, threads=8)
        finally:
            worker.terminate()
