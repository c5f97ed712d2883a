"""UCJ Monitor settings: one module, driven by environment variables.

SECRET_KEY     required by the web server unless DEBUG (a development default is used only
               when DEBUG; manage.py commands without it use a random key for their process)
DEBUG          "1"/"true" for development; off by default
ALLOWED_HOSTS  comma-separated host names (default: localhost names when DEBUG)
DATABASE_URL   e.g. postgres://user:pass@host:5432/ucj; default: SQLite file in the data dir
UCJ_DATA_DIR   where the SQLite file and uploaded documents live (default: ./var)
UCJ_NIK_KEY    64 hex digits behind NIK hashes and NIK encryption (default: a key file made
               once in the data directory on first use; keep it with the data, it cannot be
               replaced)
UCJ_REMINDER_EMAILS  "1" to e-mail forum reminders (off by default); EMAIL_HOST, EMAIL_PORT,
               EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL

Importing this module writes nothing: the data folder, the SQLite file, the cache, the NIK
key and the static root are made by their first writer (ucj/core/datadir.py; decisions).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ucj.core import nikkey
from ucj.core.datadir import SQLiteConnection


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent
DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-key-ucj-monitor-do-not-use-in-production"
    elif env_bool("UCJ_COMMAND_LINE"):  # manage.py: a throw-away key for this process only
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(os.environ.get("UCJ_DATA_DIR", BASE_DIR / "var")).resolve()
MEDIA_ROOT = DATA_DIR / "media"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "axes",
    "ucj.core",
    "ucj.regions",
    "ucj.accounts",
    "ucj.audit",
    "ucj.coverage",
    "ucj.budget",
    "ucj.monitoring",
    "ucj.submissions",
    "ucj.imports",
    "ucj.indicators",
    "ucj.planner",
    "ucj.registry",
    "ucj.forums",
    "ucj.reports",
    "ucj.reconciliation",  # reconciliation with BPJS (issue 17)
    "ucj.cycle",  # budget cycle (issue 17)
    "ucj.policy",  # the province's policy values as data (issue 20)
    "ucj.demo",  # the NTB demo data (manage.py load_demo): the top layer (issue 20)
    # --- the API (issue 18) ---
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ucj.api",
    # --- end API ---
    "django_tasks",
    "django_tasks_db",
]

# The cache (the public page): files in the data directory, shared by the server's processes
# (Django's file cache, whose folder is made on the first write).
# Room for what is kept until the next write (page bodies per user, figures per province:
# ucj/core/pagecache.py, dataversion.py); Django's default of 300 entries would have the file
# cache cull a third of itself again and again once a few dozen users read their pages.
CACHES = {"default": {
    "BACKEND": os.environ.get("UCJ_CACHE_BACKEND", "ucj.core.datadir.FileBasedCache"),
    "LOCATION": str(DATA_DIR / "cache"),
    "OPTIONS": {"MAX_ENTRIES": 5000},
}}

# The public transparency page (/publik/): how long anonymous responses are cached, and which
# province it shows (default: the first province in the region master).
UCJ_PUBLIC_CACHE_SECONDS = int(os.environ.get("UCJ_PUBLIC_CACHE_SECONDS", "300"))
UCJ_PUBLIC_PROVINCE = os.environ.get("UCJ_PUBLIC_PROVINCE", "")

# Background work (matching runs, participant files, reports, big imports) without a broker:
# a table in the database and `manage.py worker` (make run starts one; it survives a locked
# database and runs ucj/core/housekeeping.py every UCJ_HOUSEKEEPING_SECONDS). Tests run
# tasks at once.
UCJ_HOUSEKEEPING_SECONDS = int(os.environ.get("UCJ_HOUSEKEEPING_SECONDS", "3600"))
TASKS = {"default": {"BACKEND": os.environ.get(
    "UCJ_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

MIDDLEWARE = [
    "ucj.core.middleware.RequestLogMiddleware",  # request id, JSON request log (issue 18)
    "django.middleware.security.SecurityMiddleware",
    "ucj.core.middleware.StaticFilesMiddleware",  # WhiteNoise (issue 20: no folder made)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ucj.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ucj.core.dataversion.OneVersionPerRead",  # a GET asks for the data version once (issue 18)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ucj.urls"
WSGI_APPLICATION = "ucj.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ucj" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ucj.context_processors.navigation",
            ],
        },
    }
]

# --- database ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'ucj.sqlite3'}", conn_max_age=0
    )
}
# SQLite, the embedded default, shared by the web server's threads and the worker: on every
# new connection WAL (readers never wait for the writer, nor the writer for readers) and
# synchronous=NORMAL; transactions BEGIN IMMEDIATE (a writer takes the lock at its start, so two
# writers queue instead of failing halfway); a writer waits up to UCJ_SQLITE_BUSY_SECONDS for
# the lock before "database is locked". tests/test_database_load.py checks them on a fresh
# connection and under load; docs/security.md says when to move to PostgreSQL.
UCJ_SQLITE_BUSY_SECONDS = int(os.environ.get("UCJ_SQLITE_BUSY_SECONDS", "30"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": UCJ_SQLITE_BUSY_SECONDS,  # sqlite3's busy timeout, in seconds
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "factory": SQLiteConnection,  # makes the file's folder on the first connection
        }
    )
else:
    # A web worker keeps its PostgreSQL connection for UCJ_DB_CONN_MAX_AGE seconds instead of
    # opening one per request (each costs the server a new backend process), and checks it is
    # alive before reusing it (issue 18: load).
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("UCJ_DB_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes; docs/security.md "Sign-in"). The client address comes from
# ucj.accounts.client: the connection's peer, or behind a reverse proxy (BEHIND_PROXY=1) the
# right-most X-Forwarded-For address that is not one of UCJ_TRUSTED_PROXIES (addresses or
# networks of the proxies; the header is ignored without BEHIND_PROXY). The handler
# (ucj.accounts.lockout) locks a username at one address after AXES_FAILURE_LIMIT failures and
# an address after UCJ_LOGIN_ADDRESS_LIMIT failures (any usernames), for AXES_COOLOFF_TIME;
# a username alone only waits a little between attempts (at most UCJ_LOGIN_BACKOFF_MAX_SECONDS)
# so that nobody can lock another user out.
UCJ_BEHIND_PROXY = env_bool("BEHIND_PROXY")
UCJ_TRUSTED_PROXIES = env_list("UCJ_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
UCJ_LOGIN_ADDRESS_LIMIT = int(os.environ.get("UCJ_LOGIN_ADDRESS_LIMIT", "20"))
UCJ_LOGIN_BACKOFF_MAX_SECONDS = int(os.environ.get("UCJ_LOGIN_BACKOFF_MAX_SECONDS", "60"))
AXES_HANDLER = "ucj.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "ucj.accounts.client.client_address"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("UCJ_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]  # as the handler counts
AXES_LOCKOUT_CALLABLE = "ucj.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True  # the handler forgets that username's failures at that address
# An attempt refused during a lockout neither extends it nor counts against the username.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Logs name the address, never what was typed (the audit log keeps the username).
AXES_SENSITIVE_PARAMETERS = ["password", "username"]

# --- internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "ucj" / "locale"]
TIME_ZONE = "Asia/Makassar"  # WITA: Nusa Tenggara Barat
USE_I18N = True
USE_TZ = True

# --- static and uploaded files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # made and filled by collectstatic
STATICFILES_DIRS = [BASE_DIR / "ucj" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
# Stored files (documents, attachments, imports, registry lists and Parquet, reports): the data
# folder by default; UCJ_STORAGE=s3 puts them in a private S3-compatible bucket shared by every
# web server and worker (ucj/core/storage.py). Objects are never public: no ACL, no public URL,
# every file is served through a scoped view.
UCJ_STORAGE = os.environ.get("UCJ_STORAGE", "local").strip().lower() or "local"
if UCJ_STORAGE == "s3":
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("UCJ_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("UCJ_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("UCJ_S3_REGION") or None,
            "access_key": os.environ.get("UCJ_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("UCJ_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("UCJ_S3_PREFIX", "").strip("/"),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,  # a URL, if one is ever made, is signed and short-lived
            "querystring_expire": 300,
            "file_overwrite": False,  # a clash gets a new name, as on the local folder
            "addressing_style": os.environ.get("UCJ_S3_ADDRESSING_STYLE") or None,
            "max_memory_size": 8 * 1024 * 1024,  # a file read whole spills to disk beyond this
        },
    }
    if not _DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("UCJ_STORAGE=s3 needs UCJ_S3_BUCKET.")
elif UCJ_STORAGE == "local":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("UCJ_STORAGE must be 'local' or 's3'.")
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("UCJ_STATIC_COMPRESS", True)  # 0: hashed, not compressed (issue 18)
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded documents are served through a scoped view, never as public media URLs.
UCJ_MAX_DOCUMENT_BYTES = int(os.environ.get("UCJ_MAX_DOCUMENT_BYTES", str(10 * 1024 * 1024)))
# Forum files (meeting attachments, evidence of action items): PDF, PNG or JPEG up to this size.
UCJ_MAX_ATTACHMENT_BYTES = int(os.environ.get("UCJ_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))
# Forum reminders: action items overdue or due soon (the window is the province's policy,
# ucj/policy) are listed to their owners in the app. E-mail is off unless UCJ_REMINDER_EMAILS=1
# (and then only to users who asked for it); `manage.py send_forum_reminders` sends it, e.g.
# from a daily cron.
UCJ_REMINDER_EMAILS = env_bool("UCJ_REMINDER_EMAILS")
# E-mail (only forum reminders use it): Django's SMTP settings from the environment; without
# EMAIL_HOST mail is written to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "UCJ Monitor <noreply@localhost>")
# (the package the budget need is priced with is the province's policy row "need-package",
# ucj/policy: issue 20, policy as data)
# A month's participation is due on this day of the month after (reporting timeliness).
UCJ_MAX_IMPORT_BYTES = int(os.environ.get("UCJ_MAX_IMPORT_BYTES", str(30 * 1024 * 1024)))
# Imports (docs/security.md "Imports and the database under load"): a file bigger than this is
# checked by the background worker, reading it in a child process stopped after
# UCJ_IMPORT_CHECK_SECONDS or beyond UCJ_IMPORT_CHECK_MEMORY_MB more memory; the files of
# imports never applied are deleted after UCJ_IMPORT_RETENTION_HOURS (housekeeping).
UCJ_IMPORT_BACKGROUND_BYTES = int(os.environ.get("UCJ_IMPORT_BACKGROUND_BYTES",
                                                 str(1024 * 1024)))
UCJ_IMPORT_CHECK_SECONDS = int(os.environ.get("UCJ_IMPORT_CHECK_SECONDS", "120"))
UCJ_IMPORT_CHECK_MEMORY_MB = int(os.environ.get("UCJ_IMPORT_CHECK_MEMORY_MB", "1536"))
UCJ_IMPORT_RETENTION_HOURS = int(os.environ.get("UCJ_IMPORT_RETENTION_HOURS", "24"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spreadsheets are read within bounds (ucj/core/safefiles.py, docs/security.md "Hostile files"):
# an .xlsx is inspected before any cell is read, a CSV is read against the same limits.
UCJ_MAX_SHEET_ROWS = int(os.environ.get("UCJ_MAX_SHEET_ROWS", "200000"))
UCJ_MAX_SHEET_COLUMNS = int(os.environ.get("UCJ_MAX_SHEET_COLUMNS", "60"))
UCJ_MAX_SHEET_CELLS = int(os.environ.get("UCJ_MAX_SHEET_CELLS", "3000000"))
UCJ_MAX_CELL_CHARS = int(os.environ.get("UCJ_MAX_CELL_CHARS", "32767"))
UCJ_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("UCJ_MAX_UNCOMPRESSED_BYTES",
                                                str(200 * 1024 * 1024)))
UCJ_MAX_PART_BYTES = int(os.environ.get("UCJ_MAX_PART_BYTES", str(150 * 1024 * 1024)))

# --- security ----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = 60 * 60 * 10
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# HSTS preloading is a decision of the deployment (SECURE_HSTS_PRELOAD=1), not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content security policy: everything comes from the app itself (no CDN).
# Inline style attributes are allowed for chart libraries and bar widths; scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- the API (issue 18): /api/v1/, tokens per user, schema and docs (docs/api.md) -----------
# UCJ_API_RATE: requests per token (n/second|minute|hour|day), counted in the cache.
UCJ_API_RATE = os.environ.get("UCJ_API_RATE", "600/minute")
UCJ_API_TOKEN_MAX_DAYS = int(os.environ.get("UCJ_API_TOKEN_MAX_DAYS", "730"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ucj.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ucj.api.permissions.SignedIn"],
    "DEFAULT_THROTTLE_CLASSES": ["ucj.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": UCJ_API_RATE},
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "ucj.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "EXCEPTION_HANDLER": "ucj.api.errors.exception_handler",  # messages in the UI's language
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UCJ Monitor API",
    "DESCRIPTION": "Read the monitoring data of Universal Coverage Jamsostek within your "
                   "regions: regions, indicators, the five datasets, submissions, forum action "
                   "items. Authenticate with a personal token: `Authorization: Bearer ucj_…`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "ucj.api.schema.add_error_responses"],
}
# --- end API ---

# --- logging: never log personal data; request bodies are not logged -------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# --- production serving (issue 18): request log, health --------------------------------------
# UCJ_REQUEST_LOG: one JSON line per request on stdout (ucj.core.middleware.RequestLogMiddleware;
# id, method, path without query, status, duration, user id). On by default without DEBUG;
# off in tests unless a test asks. /sehat/ fails when the newest worker heartbeat is older
# than UCJ_HEALTH_WORKER_SECONDS or the data directory has less than UCJ_HEALTH_MIN_FREE_MB.
UCJ_REQUEST_LOG = env_bool("UCJ_REQUEST_LOG", not DEBUG)
UCJ_HEALTH_WORKER_SECONDS = int(os.environ.get("UCJ_HEALTH_WORKER_SECONDS", "60"))
UCJ_HEALTH_MIN_FREE_MB = int(os.environ.get("UCJ_HEALTH_MIN_FREE_MB", "1024"))
LOGGING["formatters"] = {"bare": {"format": "%(message)s"}}
LOGGING["handlers"]["stdout"] = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout",
                                 "formatter": "bare"}
LOGGING["loggers"] = {"ucj.requests": {"handlers": ["stdout"], "level": "INFO",
                                       "propagate": False}}
# --- end production serving ----------------------------------------------------------------

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- the beneficiary registry -----------------------------------------------------------------
# The keys behind NIK pseudonyms and NIK encryption, derived from UCJ_NIK_KEY or the key file
# (ucj/core/nikkey.py): lazy strings, read (and the key file made) on the first use.
UCJ_NIK_HASH_KEY = lazy(nikkey.hash_key_hex, str)()
UCJ_NIK_CIPHER_KEY = lazy(nikkey.cipher_key_hex, str)()
REGISTRY_DIR = DATA_DIR / "registry"
# Uploaded raw lists are deleted once processed unless kept this many days.
UCJ_REGISTRY_RETENTION_DAYS = int(os.environ.get("UCJ_REGISTRY_RETENTION_DAYS", "0"))
# Uploads never processed (left at the column mapping, never run) are deleted after this many
# hours by the periodic clean-up; failed ones at once.
UCJ_REGISTRY_ABANDONED_HOURS = int(os.environ.get("UCJ_REGISTRY_ABANDONED_HOURS", "24"))
UCJ_REGISTRY_MAX_UPLOAD_BYTES = int(os.environ.get("UCJ_REGISTRY_MAX_UPLOAD_BYTES",
                                                   str(1024 * 1024 * 1024)))
# --- registry engine (issue 21: matching beyond one machine; docs/scale.md)
# The memory a run may take on this machine: the list is read and checked a chunk at a time
# within it (out of core).
UCJ_REGISTRY_MEMORY_LIMIT = os.environ.get("UCJ_REGISTRY_MEMORY_LIMIT", "1GB")
# "embedded" (Polars and numpy on this machine, the default) or "spark" (Apache Spark: the
# extra "spark" of pyproject.toml and Java 17), with the Spark master and the driver's memory.
UCJ_REGISTRY_ENGINE = os.environ.get("UCJ_REGISTRY_ENGINE", "embedded")
UCJ_SPARK_MASTER = os.environ.get("UCJ_SPARK_MASTER", "local[2]")
UCJ_SPARK_DRIVER_MEMORY = os.environ.get("UCJ_SPARK_DRIVER_MEMORY", "1g")
# --- end registry engine
# (the working-age range and the order categories are funded in are the province's policy
# rows, ucj/policy: issue 20, policy as data)
# Reconciliation with BPJS: a difference between two sources is flagged when it is more than
# this many workers and more than this percentage of the figure it is compared with.
UCJ_RECONCILIATION_MIN_WORKERS = int(os.environ.get("UCJ_RECONCILIATION_MIN_WORKERS", "10"))
UCJ_RECONCILIATION_MIN_PERCENT = int(os.environ.get("UCJ_RECONCILIATION_MIN_PERCENT", "2"))
