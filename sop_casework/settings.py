"""Settings for sop-casework, read from the environment.

With nothing set, the project runs on embedded defaults for a first look: a SQLite file
next to manage.py and Celery tasks run in-process. `DATABASE_URL` and `REDIS_URL` switch to
PostgreSQL and Redis, which is how an agency runs it (and how the tests run).

DEBUG is off unless asked for, and with DEBUG off the project refuses to start without a
SECRET_KEY. Every variable is listed in the README's configuration table.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from sop_casework.languages import languages_with_catalogues
from sop_casework.storage_url import case_files_storage
from sop_casework.task_queues import celery_queues

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (never committed) may hold the same variables as the environment.
# The test run sets READ_DOT_ENV=false, so a developer's .env (bin/serve writes DEBUG=true
# there) never changes what the tests see.
if env.bool("READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-only-used-with-debug-on")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off (production) sop-casework refuses to start "
            "without one. Set SECRET_KEY in the environment or in .env, or set DEBUG=true "
            "for a local first look."
        )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "sop_casework.apps.AgencyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "audit",
    "families",
    "safety_networks",
    "placements",
    "intake",
    "protective_factors",
    "meetings",
    "documents",
    "case_plans",
    "court",
    "supervision",
    "notifications",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sop_casework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers static files itself and skips every middleware after
    # it: static files carry the same headers as pages (both only add a response header).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on everything but static files (family pages, searches, PDFs).
    "accounts.middleware.NoStoreMiddleware",
    # Django's SessionMiddleware, except that a page polling by itself does not renew the session.
    "accounts.middleware.IdleSessionMiddleware",
    # The language of the browser (or of the language cookie) for people not signed in ...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # ... and the language each signed-in person chose in their menu, remembered on their account.
    "accounts.middleware.UserLanguageMiddleware",
    "audit.context.AuditRequestMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every page needs login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AbsoluteSessionLifetimeMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sop_casework.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "sop_casework.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica (a PostgreSQL streaming standby of DATABASE_URL), for reads that may be seconds
# stale: every export, every unit's review for a program administrator, protective-factor change
# of a unit (sop_casework/replica.py says which and how). Without it, nothing changes: one
# database, no router. In a test run the alias is a mirror of `default` (never created).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["sop_casework.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses locked-out users and addresses before the password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the bell's count with the user (no query of its own on any page).
    "notifications.backends.ModelBackendWithBell",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "aaaaaaaaaaaa", "abcd1234efgh", "abcabcabcabc": repeated or sequential characters.
    {"NAME": "accounts.password_validation.RepeatedOrSequentialCharactersValidator"},
]

# Every string a person reads is marked for translation; locale/<code>/LC_MESSAGES/django.po
# holds each language's catalogue (the .mo files are built by bin/compilemessages, not
# committed). A language with a catalogue is offered in the user menu; nothing else is needed.
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = languages_with_catalogues(LOCALE_PATHS)
TIME_ZONE = env.str("TIME_ZONE", default="America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Files with family data (PDFs) live here and are served only through permission-checked views.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
# The files of a case (uploads): an S3-compatible bucket when STORAGE_URL or AWS_STORAGE_BUCKET_NAME
# names one, else MEDIA_ROOT/files (sop_casework/storage_url.py, README "Where files are kept").
STORAGES["case_files"] = case_files_storage(env.ENVIRON, default_location=MEDIA_ROOT / "files")
# The largest file a person may upload, in megabytes; bigger ones are refused before they are kept
# (documents.uploads), and a browser is told before it sends one (static/js/upload.js).
CASE_FILE_MAX_MB = env.int("CASE_FILE_MAX_MB", default=25)
FILE_UPLOAD_HANDLERS = [
    "documents.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A virus scanner's socket (clamd); without it uploads are recorded as "not scanned".
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER_ENABLED=true.
if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# The language chosen in the user menu is also kept in a cookie, for the sign-in page.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script and stylesheet comes from static/.
# Bootstrap's CSS draws a few icons from data: URIs, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API (api/, each app's api.py) ------------------------------------------------
# Token authentication only; every error a problem detail (RFC 9457); cursor pagination;
# calls per token per minute counted in Redis (the "api" cache) so all web processes agree.
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenAllows"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerTokenThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_THROTTLE_RATE},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sop-casework API",
    "DESCRIPTION": (
        "The case record of the agency, under the same access rule and audit as its pages. "
        "Authenticate with `Authorization: Bearer <token>` (a personal access token, or a "
        "service account's). Errors are RFC 9457 problem details. Updates need `If-Match` "
        "with the record's `ETag`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No links inside the operations' buttons (an interactive element nested in another).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's problem responses (401, 403, 404, 412, 428, 429 …), one Problem component.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.problems.problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "FamilyStatusEnum": "families.models.FamilyStatus",
        "ContactKindEnum": "families.models.ContactKind",
        "EntryStatusEnum": "safety_networks.models.EntryStatus",
        "EntryKindEnum": "safety_networks.models.EntryKind",
        "MemberKindEnum": "safety_networks.models.MemberKind",
        "PlanStatusEnum": "safety_networks.models.PlanStatus",
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "ActionStatusEnum": "meetings.models.ActionStatus",
        "RiskLevelEnum": "safety_networks.models.RiskLevel",
        "SafetyDecisionEnum": "safety_networks.models.SafetyDecision",
        "ResponsePriorityEnum": "families.models.ResponsePriority",
        "AnswerEnum": "placements.models.Answer",
    },
}

# --- Sign-in and sessions -------------------------------------------------------------
# Signed out after SESSION_IDLE_MINUTES without a request of the person's (every request renews the
# cookie, except a page polling by itself: accounts.middleware),
# and in any case SESSION_ABSOLUTE_HOURS after signing in; also when the browser closes.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=12)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Lockout after repeated failed sign-ins, counted per user name and, separately, per address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# A sign-in storm must not starve the pages (accounts/signin_gate.py): at most SIGN_IN_SLOTS
# password checks (PBKDF2, a core for a good part of a second each) at once per machine,
# counted in the default cache (Redis) across the machine's gunicorn workers. The default, 2,
# leaves one of the Docker image's 3 sync workers free for pages on a 2-core machine; set it
# to the web container's cores minus one or so on a bigger one, or 0 to switch the limit off.
# Whoever finds no slot free within SIGN_IN_SLOT_WAIT_SECONDS (short: a sync worker waits it
# out, bench/RESULTS.md "Sign-in storm") is answered at once (503,
# "try again in a few seconds", Retry-After: SIGN_IN_RETRY_AFTER_SECONDS, the user name kept).
# A slot a dead worker held frees itself after SIGN_IN_SLOT_LEASE_SECONDS. With Redis down,
# sign-in is not limited.
SIGN_IN_SLOTS = env.int("SIGN_IN_SLOTS", default=2)
SIGN_IN_SLOT_WAIT_SECONDS = env.float("SIGN_IN_SLOT_WAIT_SECONDS", default=0.05)
SIGN_IN_SLOT_LEASE_SECONDS = env.int("SIGN_IN_SLOT_LEASE_SECONDS", default=10)
SIGN_IN_RETRY_AFTER_SECONDS = env.int("SIGN_IN_RETRY_AFTER_SECONDS", default=3)
# Two-step sign-in (TOTP): the name authenticator apps show for this service.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="sop-casework")

# --- Celery ---------------------------------------------------------------------------
# With no REDIS_URL, tasks run in-process (a first look needs no broker).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Renders have a queue of their own beside the default one, and every worker takes from both
# (it consumes every queue of CELERY_TASK_QUEUES; kombu's Redis transport asks the queues in
# turn). So a burst of documents (200 case plans asked for at once) no longer makes the health
# task, the sweep and the morning reminders wait behind every render: measured in
# bench/RESULTS.md "Documents at volume", the health task waited minutes behind the renders.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(CELERY_TASK_DEFAULT_QUEUE)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
# A broker that is down must make callers fail quickly with a clear error, not hang.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that accepts connections but does not answer (hung, or a network that drops packets)
# is the slow case: each try waits socket_timeout. Sending a task while a caseworker waits tries
# at most twice (publish retry policy), so the request answers within about 10 seconds; Redis
# itself answers in milliseconds, and the worker's BRPOP polls every second, well under 3 s.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 3}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 3
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}

# --- Cache ----------------------------------------------------------------------------
# "default" holds what every web process must share: the person match check's rate limit
# (families.persons.count_check) counts one user's checks whichever gunicorn worker answers,
# so it lives in Redis when REDIS_URL is set (Django's own RedisCache; keys carry
# CACHE_KEY_PREFIX, so they never meet Celery's in the same database). With no REDIS_URL (a
# first look, bin/serve) it is the process's memory: one process, one count.
# "this_process" is a per-process memory for what must not leave the process: the two-step
# sign-in's QR picture (accounts.two_factor), which encodes the authenticator secret.
# Sessions are in the database (Django's default engine) and django-axes counts failed
# sign-ins in the database (its default handler): neither depends on this cache.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="sop")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A Redis that is down or hung fails the request in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 3, "socket_timeout": 3},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"}
    ),
    "this_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "this-process"},
}

# Periodic tasks, sent by celery beat (the `beat` service of docker-compose): every two
# minutes, renders that died or hung are marked failed with a reason, whether or not anyone
# opens the documents page (which sweeps too).
# The email digests go at 7:00 agency time (CELERY_TIMEZONE); weekly ones on Mondays with the
# daily ones (notifications.tasks). A beat that fires twice sends nothing twice.
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-documents": {"task": "documents.sweep_documents", "schedule": 120.0},
    # Each morning at 6:00 agency time (CELERY_TIMEZONE): the reminders of what is due
    # tomorrow. Run twice, it makes each reminder once.
    "notify-due-tomorrow": {
        "task": "notifications.notify_due_tomorrow",
        "schedule": crontab(hour=6, minute=0),
    },
    "email-digests": {"task": "notifications.send_digests", "schedule": crontab(hour=7, minute=0)},
}

# --- Email ----------------------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@mail.example.org:587 (STARTTLS), smtp+ssl://… (port 465),
# smtp://host:25 (no TLS, a relay on the same network only), or consolemail:// (printed on the
# console: bin/serve's and the first look's default).
EMAIL_CONFIG = environ.Env.email_url_config(env.str("EMAIL_URL", default="") or "consolemail://")
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG["EMAIL_HOST"] or "localhost"
EMAIL_PORT = EMAIL_CONFIG["EMAIL_PORT"] or 25
EMAIL_HOST_USER = EMAIL_CONFIG["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sop-casework <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people open the app at, for the links in emails (no trailing slash needed).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint announces each rendering step ("Step 2 - Fetching and parsing CSS") at
        # INFO: noise on the console of every worker and of seed_demo. Its problems with a
        # document (warnings, errors) go to the "weasyprint" logger and are still shown.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
