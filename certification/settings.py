"""Settings for the certification-program manager.

Two run modes, chosen by the environment:
- embedded default (no variables set): SQLite file under var/, Celery eager, local-memory cache,
  console e-mail, DEBUG on; one command runs it with demo data.
- services: DATABASE_URL (PostgreSQL) and REDIS_URL (Celery broker, results and cache) with real
  workers. DJANGO_DEBUG=false switches on the production hardening below.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured

from certification.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A production secret never has a default: a guessable key forges sessions and tokens.
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "django-insecure-embedded-mode-only-never-use-in-production-7f3a9c"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    # The back-office answers superusers only (see certification/backoffice.py).
    "certification.backoffice.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "accounts",
    "programs",
    "exams",
    "certification",
    # The partner API (the top layer: it may import every app, none imports it).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "certification.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "certification.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff without a second factor reach only its set-up pages.
    "accounts.mfa.StaffSecondFactorMiddleware",
    # Last, so it sees a page before anything measures or hashes it.
    "certification.middleware.NoNulInPagesMiddleware",
]

ROOT_URLCONF = "certification.urls"
WSGI_APPLICATION = "certification.wsgi.application"

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
                "certification.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Persistent connections: opening a PostgreSQL connection per request cost 3x throughput here.
    # The staff lists' reads are prepared statements kept per connection
    # (accounts/compiled_reads.py): a pooler in front of PostgreSQL must keep a server session
    # per client connection (PgBouncer's session mode, not its transaction mode).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the planner's row estimates for the queues' joins (rows x width)
        # cross its cost threshold and it spent 2.9 s compiling a query that runs in 0.27 s
        # (the practical ready queue, national seed). Short OLTP statements never gain from it.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the runserver and an eager task share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, results and the cache ------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    CACHES = {
        "default": {
            # Falls back to counting in the process when Redis is down (certification/cache.py):
            # sign-in and the certificate lookup keep working, their limits degrade.
            "BACKEND": "certification.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "certification",
            # Fail fast: a request must not wait on a Redis that does not answer.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker process keeps its database connection from one task to the next, as gunicorn keeps it
# between requests (CONN_MAX_AGE): Celery's Django fixup otherwise closes it after every task,
# and each certificate of a burst opened a new PostgreSQL connection (~15 ms of the worker's CPU
# on the shared test machine, and a new server backend each time). The fixup still closes it
# every CELERY_DB_REUSE_MAX tasks; one that failed or outlived CONN_MAX_AGE is closed before the
# next task (certification/celery.py), as Django does before each request.
CELERY_DB_REUSE_MAX = 500
# A broker outage must neither hang the web request that queues a task nor kill the worker.
# Publishing (`delay` in a request, after commit): connect within 2 s and retry once, so a
# request answers in a few seconds with Redis down (was 19 s); callers catch the error, log it,
# and the periodic sweeps (outbox, pending certificates) pick the work up later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 25,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
# The worker: on losing the broker it reconnects forever (was: "Unrecoverable error" and exit),
# also at start-up, and cancels the tasks it had taken (acks_late: they are redelivered).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "UTC"
# Periodic jobs: certification/schedule.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# --- Accounts and sign-in -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
# Sessions read from the cache, written through to the database (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Aesthetic certification] "
# allauth's rate limits (failed logins per IP and per account, sign-ups, resets) are on by
# default; they are named here so nobody switches them off by accident. They count in the
# cache, which is Redis in the services mode so every process sees the same counts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}

# Two-factor sign-in (allauth.mfa): an authenticator app (TOTP), security keys and passkeys
# (WebAuthn), and recovery codes. Offered to everyone; required for program admins, instructors
# and examiners when MFA_REQUIRED_FOR_STAFF is on, which it is under the production settings and
# off in the embedded demo, so the demo logins stay one step (accounts/mfa.py enforces it).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Aesthetic Injector Certification"
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on http://localhost only; the embedded demo runs there.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_REQUIRED_FOR_STAFF = env_flag("DJANGO_MFA_REQUIRED_FOR_STAFF", not DEBUG)
# django-ratelimit (the certificate lookup). It counts in the default cache, which never fails
# (see certification/cache.py); should counting still fail, the lookup is refused (fail closed):
# it guards the number space against enumeration, and the verification page by QR code works
# without it. allauth's sign-in limits above fail open by design (no count is no limit): a
# cache outage must not lock every user out; the fallback cache keeps them counting anyway.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = False
RATELIMIT_IP_META_KEY = "REMOTE_ADDR"

# --- E-mail ------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "certification@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("DJANGO_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["DJANGO_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = os.environ.get(
        "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
    )
    if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
        # With the file backend: the services tests count what a worker process sent.
        EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]

# --- Files -------------------------------------------------------------------------------------
# One page size for every list (templates/_pagination.html pages them all): 25 rows load fast,
# stay a few scrolls long on a 390 px phone, and the lists are work queues read oldest first,
# so staff rarely page past the first.
PAGE_SIZE = 25

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Applicants' documents (license scans, certificates) live outside MEDIA_ROOT and are served
# only through permission-checked views, never by URL.
PRIVATE_STORAGE_ROOT = Path(os.environ.get("DJANGO_PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve straight from the source folders in the embedded mode (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Request size caps. The largest legitimate request is a document upload (license scans and
# credentials, at most 10 MB each, checked by the forms) or a question-bank import. Django
# refuses a non-file body over DATA_UPLOAD_MAX_MEMORY_SIZE with 400 before reading it; files
# stream to disk past FILE_UPLOAD_MAX_MEMORY_SIZE; and gunicorn (scripts/serve.sh) and the
# RequestBodyLimitMiddleware refuse a Content-Length over REQUEST_BODY_MAX_SIZE with 413 without
# reading the body at all.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # the largest roster or score form has a few hundred
DATA_UPLOAD_MAX_NUMBER_FILES = 10
REQUEST_BODY_MAX_SIZE = 25 * 1024 * 1024

# --- Content-Security-Policy (django-csp) ------------------------------------------------------
# Strict: scripts, styles, fonts and images only from this site (every asset is served locally),
# no inline scripts or style attributes (tested: certification/tests/test_csp.py scans
# templates/), no plugins, no <base> rewriting, forms post only here. data: images are
# Bootstrap's own icons (checkboxes, selects) inlined in its CSS. Framing is left to
# X-Frame-Options (DENY in production; the document preview is same-origin by its view).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_NONE],
        "form-action": [CSP_SELF],
    }
}

# --- Presentation ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
SITE_NAME = "Aesthetic Injector Certification"
# Absolute links outside a request (the QR code on a certificate, e-mails, Open Badges).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        # A certificate printed with a localhost QR code cannot be verified by anyone: fail at
        # start-up rather than issue it.
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be set when DJANGO_DEBUG is false "
            "(the public address printed in certificate QR codes and e-mails)."
        )
    SITE_URL = "http://127.0.0.1:8000"
elif not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("DJANGO_SITE_URL must start with https:// or http://.")
# Uploaded documents of applicants with no activity for this many years are removed.
DOCUMENT_RETENTION_YEARS = int(os.environ.get("DJANGO_DOCUMENT_RETENTION_YEARS", "7"))
# Report exports (certification/reports/): files written by a task are deleted after this many
# days (the row and its audit entry stay); an export of more rows than this runs as a task with
# a progress bar, a smaller one streams straight into the response.
REPORT_EXPORT_RETENTION_DAYS = int(os.environ.get("DJANGO_REPORT_EXPORT_RETENTION_DAYS", "7"))
REPORT_STREAM_MAX_ROWS = 5000
# Validity of a certificate for programs without their own CertificatePolicy.
CERTIFICATE_VALIDITY_MONTHS = int(os.environ.get("DJANGO_CERTIFICATE_VALIDITY_MONTHS", "24"))

# --- Signed credentials (Open Badges 3.0 as VC-JWT; certification/keys.py) ------------------
# The issuer's signing key: a PEM or a JWK (JSON) in the variable, or the path of a file holding
# one, kept outside the repository. Production refuses to start without one: a key generated on
# the fly would sign credentials nobody could verify after the next deploy. The embedded mode
# generates one once under var/.
CREDENTIAL_SIGNING_KEY = os.environ.get("DJANGO_CREDENTIAL_SIGNING_KEY", "")
CREDENTIAL_SIGNING_KEY_FILE = os.environ.get("DJANGO_CREDENTIAL_SIGNING_KEY_FILE", "")
CREDENTIAL_SIGNING_KEY_GENERATE = not (CREDENTIAL_SIGNING_KEY or CREDENTIAL_SIGNING_KEY_FILE)
if CREDENTIAL_SIGNING_KEY_GENERATE:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_CREDENTIAL_SIGNING_KEY or DJANGO_CREDENTIAL_SIGNING_KEY_FILE must be set "
            "when DJANGO_DEBUG is false."
        )
    CREDENTIAL_SIGNING_KEY_FILE = str(VAR_DIR / "credential-signing-key.json")
elif (
    not DEBUG
    and CREDENTIAL_SIGNING_KEY_FILE
    and Path(CREDENTIAL_SIGNING_KEY_FILE).resolve().is_relative_to(BASE_DIR)
):
    # One `git add -A` away from publishing the issuer's private key.
    raise ImproperlyConfigured("DJANGO_CREDENTIAL_SIGNING_KEY_FILE must be outside the project.")
# Keys signed with before a rotation: their public parts stay published so that credentials
# issued under them still verify. A JWK set (JSON), or the path of a file holding one.
CREDENTIAL_RETIRED_KEYS = os.environ.get("DJANGO_CREDENTIAL_RETIRED_KEYS", "")
# How long a status list credential is cached and said to be fresh (seconds); a revocation
# also clears the cache at once (certification/credentials.py).
CREDENTIAL_STATUS_LIST_TTL = int(os.environ.get("DJANGO_CREDENTIAL_STATUS_LIST_TTL", "60"))

# The 3-query reference page of scripts/benchmark.py (certification/bench.py). Off unless asked
# for: it is routed only when the benchmark starts gunicorn with DJANGO_BENCHMARK_ENDPOINTS=true.
BENCHMARK_ENDPOINTS = env_flag("DJANGO_BENCHMARK_ENDPOINTS", False)

# --- Partner API and webhooks (api/) -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} partner API",
    "DESCRIPTION": (
        "Certificate status, a program's certified holders and consenting applicants' pathway, "
        "for partners holding an API key (`Authorization: Api-Key <key>`). Errors are JSON with "
        "a stable `code` and a `message`; lists are paged by cursor."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v[0-9]",
    # Swagger UI from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
# Requests per API key (DRF's rate syntax); counted in the cache.
API_RATE_PER_KEY = os.environ.get("DJANGO_API_RATE_PER_KEY", "120/minute")
WEBHOOK_TIMEOUT_SECONDS = 5
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("DJANGO_WEBHOOK_MAX_ATTEMPTS", "8"))
# Failed requests in a row (over all its deliveries) after which an endpoint is disabled.
WEBHOOK_DISABLE_AFTER = int(os.environ.get("DJANGO_WEBHOOK_DISABLE_AFTER", "10"))
# Webhooks never go to private, loopback, link-local or reserved addresses (api/targets.py),
# except in the embedded mode, whose demo and tests deliver to a receiver on this machine
# (DJANGO_WEBHOOKS_ALLOW_PRIVATE_TARGETS=false tries the production rule there). Never in
# production, whatever the environment says.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = DEBUG and env_flag("DJANGO_WEBHOOKS_ALLOW_PRIVATE_TARGETS", True)
WEBHOOKS_REQUIRE_HTTPS = not DEBUG
# Days the API call log and webhook deliveries (with their attempts) are kept (api/retention.py).
API_CALL_RETENTION_DAYS = int(os.environ.get("DJANGO_API_CALL_RETENTION_DAYS", "90"))
WEBHOOK_RETENTION_DAYS = int(os.environ.get("DJANGO_WEBHOOK_RETENTION_DAYS", "90"))

# --- Production hardening (DJANGO_DEBUG=false) -------------------------------------------------
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # One line per task is noise when tasks run inside the web process (embedded mode).
        "celery.app.trace": {"level": "WARNING" if CELERY_TASK_ALWAYS_EAGER else "INFO"},
        # WeasyPrint reports every layout step at INFO; a worker rendering certificates
        # would log little else.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# License discipline, monitoring and appeals (accounts/discipline.py, certification/appeals.py).
# A verified license this many days from expiry goes back to the review queue to be re-verified.
LICENSE_REVERIFY_DAYS = int(os.environ.get("LICENSE_REVERIFY_DAYS", "60"))
# Appeal window against a license or credential rejection (no program sets it); a program's
# CertificatePolicy.appeal_window_days sets it for exam results and revocations.
APPEAL_WINDOW_DAYS = int(os.environ.get("APPEAL_WINDOW_DAYS", "30"))
