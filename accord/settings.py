"""Accord settings: zero configuration on SQLite, everything else from the environment.

ACCORD_DATA_DIR      where the SQLite database, the generated secret key and uploads live
DATABASE_URL         (or DATABASE_URL_FILE) e.g. postgres://user@host:5432/accord; else SQLite
ACCORD_SECRET_KEY    (or ACCORD_SECRET_KEY_FILE); generated and kept in the data dir if unset
ACCORD_AUDIT_KEY     (or ACCORD_AUDIT_KEY_FILE) keys the audit hash chains; as the secret key
ACCORD_DEBUG         development mode
ACCORD_HTTPS         served over HTTPS: secure cookies, HSTS, redirect to https
ACCORD_ALLOWED_HOSTS comma-separated host names
ACCORD_BASE_URL      absolute address used in emailed links
ACCORD_SURVEY_MIN_RESPONDENTS  people of a party who must answer before its results show (>= 3)
(the operator's settings — proxy, logs, worker, health — are described in the README)
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from accord.lib.env import (
    default_data_dir,
    env_bool,
    env_int,
    env_list,
    env_secret,
    persistent_key,
    private_directory,
    private_sqlite_files,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ACCORD_DATA_DIR") or default_data_dir())
private_directory(DATA_DIR)  # 0700: the database, keys and uploads are nobody else's

SECRET_KEY = env_secret("ACCORD_SECRET_KEY") or persistent_key(DATA_DIR, "secret_key")
AUDIT_KEY = env_secret("ACCORD_AUDIT_KEY") or persistent_key(DATA_DIR, "audit_key")
DEBUG = env_bool("ACCORD_DEBUG")
HTTPS = env_bool("ACCORD_HTTPS")
ALLOWED_HOSTS = env_list("ACCORD_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
BASE_URL = os.environ.get("ACCORD_BASE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # First, so that its `changepassword` replaces Django's (see that command).
    "accord.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "accord.core",
    "accord.audit",
    "accord.alignment",
    "accord.trust",
    "accord.longterm",
    "accord.roles",
    "accord.communication",
    "accord.contingency",
    "accord.surveys",
    "accord.health",
    "accord.portfolio",
    "accord.reports",
    "accord.portability",
    "accord.notifications",
    "accord.calendar_feed",
    "accord.webhooks",
    "accord.api",
    "accord.ops",
]

MIDDLEWARE = [
    # First: the request id covers every line logged below it; health probes answer here.
    "accord.ops.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accord.api.ratelimit.RateLimitHeaders",  # after the rewrite of errors below, so kept
    "accord.core.middleware.ResponsePolicyMiddleware",  # JSON errors under /api/, no-store
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accord.core.middleware.ArchiveMiddleware",  # an ended partnership's pages refuse writes
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accord.urls"
WSGI_APPLICATION = "accord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # One way to show each kind of value, in every template (accord/lib/formatting.py).
            "builtins": ["accord.core.templatetags.formatting"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # WAL lets readers work beside a writer; IMMEDIATE takes the write lock at BEGIN so that two
    # writers queue on the busy timeout instead of failing with "database is locked" mid-way.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = env_secret("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "accord.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    private_sqlite_files(DATABASES["default"]["NAME"])  # 0600, and its -wal/-shm with it
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered fragments, per process, under keys of everything they show (accord/lib/fragments.py),
# so they never go stale: small ones (history rows, partnership list rows) in "fragments", the
# content of whole pages (up to ~100 KB each) in "pages", bounded to keep memory in check.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord-fragments",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "accord-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# API calls per token (per client address without a valid token), in fixed windows counted
# in the default cache (accord/api/ratelimit.py): "600/min", "10000/hour".
API_RATE = os.environ.get("ACCORD_API_RATE", "600/min")

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accord-login"
LOGIN_REDIRECT_URL = "accord-home"
LOGOUT_REDIRECT_URL = "accord-login"

# Login throttling: after 5 failures for an account from one client address, a 15-minute
# lock-out for that address; after 30 from any addresses, for the account (accord/ops/axes.py).
AXES_FAILURE_LIMIT = env_int("ACCORD_LOGIN_FAILURE_LIMIT", 5)
ACCORD_ACCOUNT_FAILURE_LIMIT = env_int("ACCORD_ACCOUNT_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "accord.ops.axes.AccountAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "accord.ops.net.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

# --- Reverse proxy (accord/ops/net.py, `accord serve`) ----------------------------------------
# Behind a proxy, the client's address and scheme come from its X-Forwarded-For/-Proto headers;
# without ACCORD_BEHIND_PROXY they are never read. ACCORD_PROXY_COUNT proxies append to
# X-Forwarded-For; ACCORD_TRUSTED_PROXY is the address `accord serve` accepts them from.
BEHIND_PROXY = env_bool("ACCORD_BEHIND_PROXY")
PROXY_COUNT = max(1, env_int("ACCORD_PROXY_COUNT", 1))
TRUSTED_PROXY = os.environ.get("ACCORD_TRUSTED_PROXY", "127.0.0.1")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: htmx sends the token from hx-headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("ACCORD_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("ACCORD_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("ACCORD_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe these over plain HTTP (RequestLogMiddleware answers them first anyway).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
CSRF_TRUSTED_ORIGINS = env_list("ACCORD_CSRF_TRUSTED_ORIGINS", [])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "ACCORD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("ACCORD_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("ACCORD_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("ACCORD_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_secret("ACCORD_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("ACCORD_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("ACCORD_FROM_EMAIL", "Accord <accord@localhost>")
# Seconds before a silent mail server gives up: a hung SMTP call would hold the only worker.
EMAIL_TIMEOUT = env_int("ACCORD_EMAIL_TIMEOUT", 10)

# Password reset requests, counted in the database over a window (seconds): per address and
# per client address. Over the limit: a clear message, and no email.
PASSWORD_RESET_THROTTLE_WINDOW = 3600
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("ACCORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("ACCORD_RESET_LIMIT_PER_CLIENT", 20)

# --- Background work ------------------------------------------------------------------------
# Jobs are queued with `accord.lib.jobs.enqueue_with_data`: on the database backend in the
# same transaction as the data that caused them, on any other on commit.
# ACCORD_TASKS_BACKEND=django_tasks_rq.RQBackend queues them on Redis (ACCORD_REDIS_URL): rq's
# workers (`accord rqworker --job-class django_tasks_rq.Job default`) run them and `accord
# worker` only keeps the schedule (README, "Beyond one machine").
TASKS_BACKEND = os.environ.get("ACCORD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": env_secret("ACCORD_REDIS_URL") or "redis://127.0.0.1:6379/0",
            "DEFAULT_TIMEOUT": env_int("ACCORD_RQ_JOB_TIMEOUT", 600),
        }
    }

# --- Static files, uploads, i18n --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads/"
WHITENOISE_USE_FINDERS = True  # the demo serves static files without a collectstatic step
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "en"
# How numbers, money and dates are written on pages (a Babel locale: en_GB, en_US, de_DE …).
ACCORD_LOCALE = os.environ.get("ACCORD_LOCALE", "en_GB")
TIME_ZONE = os.environ.get("ACCORD_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Accord ---------------------------------------------------------------------------------
INVITATION_TTL_DAYS = env_int("ACCORD_INVITATION_TTL_DAYS", 14)
# Whether any signed-in user may create an organization from the web (they become its owner).
# Off: organizations come only from partnership invitations and the command line.
OPEN_SIGNUP = env_bool("ACCORD_OPEN_SIGNUP", True)

# --- Operations (accord/ops) -----------------------------------------------------------------
ACCORD_WORKER_HEARTBEAT_SECONDS = env_int("ACCORD_WORKER_HEARTBEAT_SECONDS", 10)
ACCORD_WORKER_STALE_SECONDS = env_int("ACCORD_WORKER_STALE_SECONDS", 60)
ACCORD_JOB_LEASE_SECONDS = env_int("ACCORD_JOB_LEASE_SECONDS", 60)
ACCORD_JOB_MAX_ATTEMPTS = env_int("ACCORD_JOB_MAX_ATTEMPTS", 5)
ACCORD_WORKER_GRACE_SECONDS = env_int("ACCORD_WORKER_GRACE_SECONDS", 30)
ACCORD_QUEUE_MAX_WAIT_SECONDS = env_int("ACCORD_QUEUE_MAX_WAIT_SECONDS", 300)
# The worker's schedule queues the periodic jobs once per tick (accord/ops/schedule.py).
ACCORD_TICK_SECONDS = env_int("ACCORD_TICK_SECONDS", 60)
# Practice 2: the largest document a party may share, and how many days an open commitment may
# stay overdue before the daily sweep marks it broken.
ACCORD_UPLOAD_MAX_MB = env_int("ACCORD_UPLOAD_MAX_MB", 20)
ACCORD_COMMITMENT_GRACE_DAYS = env_int("ACCORD_COMMITMENT_GRACE_DAYS", 7)
# Webhooks (accord/webhooks): seconds a delivery waits for an answer; the delay before the first
# retry (doubled at each); attempts before a delivery is given up; failed attempts in a row
# before an endpoint is disabled; days the delivery log is kept. Plain http:// URLs and private,
# loopback or link-local addresses are refused unless allowed (development, tests).
ACCORD_WEBHOOK_TIMEOUT_SECONDS = env_int("ACCORD_WEBHOOK_TIMEOUT_SECONDS", 5)
ACCORD_WEBHOOK_RETRY_SECONDS = env_int("ACCORD_WEBHOOK_RETRY_SECONDS", 60)
ACCORD_WEBHOOK_MAX_ATTEMPTS = env_int("ACCORD_WEBHOOK_MAX_ATTEMPTS", 8)
ACCORD_WEBHOOK_DISABLE_AFTER = env_int("ACCORD_WEBHOOK_DISABLE_AFTER", 20)
ACCORD_WEBHOOK_LOG_DAYS = env_int("ACCORD_WEBHOOK_LOG_DAYS", 30)
ACCORD_WEBHOOK_ALLOW_HTTP = env_bool("ACCORD_WEBHOOK_ALLOW_HTTP")
ACCORD_WEBHOOK_ALLOW_PRIVATE = env_bool("ACCORD_WEBHOOK_ALLOW_PRIVATE")
# Surveys (accord/surveys): a party's results of a practice show only once this many of its
# people answered it; never fewer than 3, whatever the environment says (anonymity).
ACCORD_SURVEY_MIN_RESPONDENTS = max(3, env_int("ACCORD_SURVEY_MIN_RESPONDENTS", 3))
BACKUP_DIR = DATA_DIR / "backups"
# Anything stored under the data directory is its owner's only, like the database.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# One line per request (accord.request, INFO) and the request id on every line; JSON objects
# with ACCORD_LOG_FORMAT=json.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accord.ops.requestlog.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "accord.ops.requestlog.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("ACCORD_LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ACCORD_LOG_LEVEL", "WARNING")},
    "loggers": {
        "accord.request": {"level": os.environ.get("ACCORD_REQUEST_LOG_LEVEL", "INFO")},
        "accord.jobs": {"level": "INFO"},
    },
}
