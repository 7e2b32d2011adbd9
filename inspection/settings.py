"""Settings for the case-assessment application, read from environment variables.

SQLite by default; PostgreSQL (production) by setting DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_SPELLINGS = ("1", "true", "yes", "on")
FALSE_SPELLINGS = ("", "0", "false", "no", "off")


def envbool(name: str, default: str) -> bool:
    """A yes/no setting. Any other spelling is refused: a typo must not silently turn a protection off."""
    value = os.getenv(name, default).strip().lower()
    if value in TRUE_SPELLINGS:
        return True
    if value in FALSE_SPELLINGS:
        return False
    accepted = ", ".join(repr(v) for v in TRUE_SPELLINGS + FALSE_SPELLINGS)
    raise ImproperlyConfigured(f"{name}={os.getenv(name, default)!r} is not a yes/no value; use one of {accepted}")


def envint(name: str, default: str) -> int:
    """A whole number setting (e.g. seconds); anything else is refused, naming the variable."""
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn DATABASE_URL (sqlite:///path or postgres://user:pass@host:port/name) into DATABASES."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": parts.path[1:] or ":memory:"}
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            # Each web process keeps its connection between requests: opening one (a new PostgreSQL
            # backend process, authentication) cost every request several milliseconds (bench/load.py).
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "60"),
            # A kept connection is checked before each request reuses it: a database restart costs no 500.
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": os.getenv("TEST_DATABASE_NAME") or None},
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}")


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on-00000000000000"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # only for the migration that hashed its codes (inspection 0003)
    "axes",  # before "inspection": its sign-in receivers run first
    "inspection",
    "criteria",
    "cases",
    "reports",
    # After "reports": its db_worker command (django-tasks-db's, with stale-PDF recovery and reconnection) wins.
    "django_tasks_db",
]

MIDDLEWARE = [
    "inspection.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inspection.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "inspection.middleware.LoginRequiredMiddleware",  # Django's, keeping a signed-out post's answers
    "inspection.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked sign-in into the "try again at" page
]

ROOT_URLCONF = "inspection.urls"
WSGI_APPLICATION = "inspection.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inspection.context_processors.navigation",
                "cases.context_processors.second_marking",
                "inspection.session_timeout.timeout_warning",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: password, then a second factor (django-otp: an authenticator app, or a recovery code) for
# every user, set up on first sign-in (inspection/middleware.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked sign-in before the password is hashed
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = "Probation case assessment"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # admins do not see users' authenticator keys

# Sign-in throttling (django-axes, inspection/throttling.py): failures within SIGN_IN_LOCKOUT_MINUTES lock
# an account at one address, an account from anywhere and an address, each at its own limit (in the
# order of AXES_LOCKOUT_PARAMETERS). A locked attempt is refused unhashed and uncounted.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
SIGN_IN_FAILURE_LIMITS = [
    envint("SIGN_IN_FAILURES_PER_ACCOUNT_AND_ADDRESS", "5"),
    envint("SIGN_IN_FAILURES_PER_ACCOUNT", "20"),
    envint("SIGN_IN_FAILURES_PER_ADDRESS", "100"),
]
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMITS[0]
AXES_COOLOFF_TIME = timedelta(minutes=envint("SIGN_IN_LOCKOUT_MINUTES", "15"))
AXES_HANDLER = "inspection.throttling.SignInThrottle"
AXES_LOCKOUT_CALLABLE = "inspection.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "inspection.throttling.client_address"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused attempts are not counted (see throttling.py)
AXES_RESET_ON_SUCCESS = False  # one's own sign-in must not clear the failures counted against an address
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the project's audit log (inspection.models.AuditEvent)
AXES_VERBOSE = False  # no start-up banner in every management command's output

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
# static/govuk is copied from npm's govuk-frontend by scripts/copy_govuk_assets.py (not committed).
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves STATIC_ROOT from the web processes; in production collectstatic writes
# compressed copies and file names with content hashes, so the files can be cached for ever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A PDF build "running" for longer than this has stopped (its worker was killed): it is failed with the
# reason, so no page waits for ever (reports.services.jobs.recover_stale_pdfs).
PDF_BUILD_TIMEOUT_MINUTES = envint("PDF_BUILD_TIMEOUT_MINUTES", "15")
# An admin may erase a published inspection's case-level data this many days after publication.
RETENTION_DAYS = envint("RETENTION_DAYS", "365")
# Where people write for help, shown on the help, privacy and accessibility pages ("" to show none).
SUPPORT_EMAIL = os.getenv("SUPPORT_EMAIL", "")

# Uploads: a file over FILE_UPLOAD_MAX_SIZE (the largest any form takes: the judgements CSV) is not
# stored at all (inspection.uploads); smaller ones are kept in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE,
# then in a temporary file, and read as a stream. Form fields other than files: DATA_UPLOAD_MAX_MEMORY_SIZE.
FILE_UPLOAD_MAX_SIZE = 64 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "inspection.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Security: cookies, HSTS and a strict Content-Security-Policy (no inline script or style).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 60 * 60))
# A session ends SESSION_COOKIE_AGE seconds after sign-in unless the person chooses "Stay signed in"
# in the warning shown this many seconds before (inspection/session_timeout.py).
SESSION_TIMEOUT_WARNING_SECONDS = envint("SESSION_TIMEOUT_WARNING_SECONDS", str(5 * 60))
# A post refused for its CSRF token: a GOV.UK page, or a criterion page's answers kept (inspection/csrf.py).
CSRF_FAILURE_VIEW = "inspection.csrf.csrf_failure"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
# Off only for the local demo over plain http (scripts/demo_env.sh), never behind a real address.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
# Silenced deploy checks, each with its reason (`manage.py check --deploy --fail-level WARNING` runs in CI):
# - security.W021 (HSTS preload off): joining the browsers' preload list is a domain-wide, hard-to-undo
#   decision for the domain's owner (gov.uk is preloaded already); set SECURE_HSTS_PRELOAD=true to opt in.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
BEHIND_PROXY = envbool("BEHIND_PROXY", "false")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Health check (inspection/health.py): 503 once a worker heartbeat has waited longer than this.
HEALTH_WORKER_MAX_AGE = envint("HEALTH_WORKER_MAX_AGE", "120")
# Load balancers probe /health/ over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Logs go to the console: JSON lines (inspection/logs.py: no case data) unless LOG_FORMAT=text,
# the default with DEBUG on. RequestLogMiddleware logs each request, so runserver's own request
# lines are left out.
LOG_FORMAT = os.getenv("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "inspection.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}
