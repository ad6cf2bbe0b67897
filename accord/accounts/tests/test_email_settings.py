import tempfile

from django.test import SimpleTestCase

from tests.test_deployment import accord

SCRIPT = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"


class EmailTimeoutTests(SimpleTestCase):
    """A silent mail server must not hang the worker: SMTP calls give up after a while."""

    def test_smtp_has_a_timeout_by_default_and_it_can_be_set(self):
        with tempfile.TemporaryDirectory() as data:
            default = accord("shell", "-v0", "-c", SCRIPT, env={"ACCORD_DATA_DIR": data})
            chosen = accord(
                "shell",
                "-v0",
                "-c",
                SCRIPT,
                env={"ACCORD_DATA_DIR": data, "ACCORD_EMAIL_TIMEOUT": "3"},
            )
        self.assertEqual((default.stdout.strip(), chosen.stdout.strip()), ("10", "3"))

    def test_the_smtp_backend_uses_it(self):
        from django.core.mail.backends.smtp import EmailBackend

        with self.settings(EMAIL_TIMEOUT=7):
            self.assertEqual(EmailBackend().timeout, 7)
