"""Test settings: Accord's own settings plus a test-only record type and a fast hasher."""

import os
import tempfile

# A data directory of this test process's own: under pytest-xdist each worker inherits the
# controller's environment, so a worker makes a fresh one rather than share the controller's
# (uploads, the migration lock file and the generated keys stay one process's).
if os.environ.get("PYTEST_XDIST_WORKER") or not os.environ.get("ACCORD_DATA_DIR"):
    os.environ["ACCORD_DATA_DIR"] = tempfile.mkdtemp(prefix="accord-test-")

from accord.settings import *  # noqa: F403
from accord.settings import INSTALLED_APPS

# tests.guard fails any write of partnership data outside accord.core.records' primitives.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.memos", "tests.guard"]
# Argon2 is the production hasher; tests create many users and need no strength.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The suite makes thousands of API calls a minute from one address; the rate limit's own
# tests set a small rate (accord/api/tests/test_rate_limits.py).
API_RATE = "1000000/min"
