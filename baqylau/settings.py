"""Settings come from the environment, with safe defaults for a laptop.

Production (BAQYLAU_ENV=production) refuses to start without a secret key and allowed hosts.
"""

import json
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("BAQYLAU_ENV", "development") == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "insecure-development-key-never-use-in-production"
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must come before the admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Trigram similarity and full-text search of the platform's search on PostgreSQL.
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "baqylau.core.tasks_app.BackgroundTasksConfig",  # django_tasks_db, named in our languages
    "simple_history",  # the earlier versions of public records (core/history.py)
    "axes",  # failed sign-ins counted per account and per address, with lockout
    "baqylau.core",
    "baqylau.accounts",
    "baqylau.registry",
    "baqylau.inforequests",
    "baqylau.monitoring",
    "baqylau.accountability",
    "baqylau.participation",
    "baqylau.procurement",
    "baqylau.field",
    "baqylau.meetings",
    "baqylau.councils",
    "baqylau.methods",
    "baqylau.scorecards",
    "baqylau.portal",
    "baqylau.api",
    "baqylau.demo",  # illustrative demo data (load_demo); depends on the apps above
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (CONTENT_SECURITY_POLICY below)
    "baqylau.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression of the answers that carry no secret, ETags and 304s (core/pagecache.py).
    "baqylau.core.pagecache.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Anonymous pages served from the cache, invalidated when what they show changes.
    "baqylau.core.pagecache.PageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Who made a change, for the history of public records (also in the back office).
    "simple_history.middleware.HistoryRequestMiddleware",
    # A withdrawn record's address answers with the notice of its withdrawal (410).
    "baqylau.core.withdrawals.WithdrawnMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out sign-in with the lockout page
]

ROOT_URLCONF = "baqylau.urls"
WSGI_APPLICATION = "baqylau.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "baqylau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baqylau.portal.context_processors.site",
            ],
        },
    },
]

# SQLite, the embedded default, serves a small NGO's concurrent writers: write-ahead logging lets
# readers go on while one writes, writers wait for each other (busy timeout) instead of failing
# with "database is locked", and each transaction takes the write lock when it starts
# (IMMEDIATE), so one that reads and then writes never has to be refused halfway.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": int(env("SQLITE_BUSY_TIMEOUT", "20")),  # seconds a writer waits for the lock
}


def database(url: str) -> dict:
    """The connection settings of a database URL; SQLite gets the options above."""
    config = dj_database_url.parse(
        url, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


DATABASES = {
    "default": database(env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'baqylau.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        # One server's processes sharing a cache without Redis (several gunicorn workers).
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("BAQYLAU_CACHE_DIR"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
        if env("BAQYLAU_CACHE_DIR")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The page cache of anonymous visitors (core/pagecache.py) keeps its pages and the site's
# generation in this cache: it must be shared by every process that answers (Redis in
# production, or BAQYLAU_CACHE_DIR on one server); the local memory cache is for one process
# (runserver, the tests).
BAQYLAU_PAGE_CACHE_ENABLED = env_bool("BAQYLAU_PAGE_CACHE", default=True)
BAQYLAU_PAGE_CACHE = "default"
# The large downloads served from files built in the background (baqylau.api.built).
BAQYLAU_BUILT_DOWNLOADS = env_bool("BAQYLAU_BUILT_DOWNLOADS", default=True)

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "baqylau.accounts.backends.LoginAttemptsBackend",  # django-axes: refuses locked-out sign-ins
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in attempts (the public login and the back office): after AXES_FAILURE_LIMIT wrong
# passwords for one account, or from one address, further attempts are refused for the
# cool-off time; a successful sign-in clears the count.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "baqylau.accounts.backends.attempted_email"
AXES_CLIENT_IP_CALLABLE = "baqylau.core.ratelimit.client_address"
# How many reverse proxies in front of the app append the client's address to X-Forwarded-For
# (1 behind nginx): the flood limits and the lockout count the client, not the proxy.
BAQYLAU_TRUSTED_PROXIES = int(env("BAQYLAU_TRUSTED_PROXIES", "0"))
AXES_LOCKOUT_CALLABLE = "baqylau.accounts.views.locked_out"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Languages: Kazakh is the default; Django ships no formats for kk, ours are in baqylau/formats.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "baqylau" / "locale"]
FORMAT_MODULE_PATH = ["baqylau.formats"]
USE_I18N = True
USE_TZ = True
# Amounts are grouped by the `num` and `money` filters; years and counts stay ungrouped.
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = env("TIME_ZONE", "Asia/Almaty")
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
# A missing translation falls back to the other languages, so no page shows an empty title.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("ru", "kk", "en"),
    "kk": ("ru", "en"),
    "ru": ("kk", "en"),
    "en": ("ru", "kk"),
}

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "baqylau" / "static"]
# Front-end packages from npm (package.json), served locally under static/vendor/<name>/.
# The field app's offline part: idb (IndexedDB) and Workbox's modules, all of Workbox in one
# folder as workbox-sw loads them.
for _prefix, _package, _folder in (
    ("leaflet", "leaflet", "dist"),
    ("leaflet.markercluster", "leaflet.markercluster", "dist"),
    ("idb", "idb", "build"),
    ("workbox", "workbox-sw", "build"),
    ("workbox", "workbox-core", "build"),
    ("workbox", "workbox-precaching", "build"),
    ("workbox", "workbox-routing", "build"),
    ("workbox", "workbox-strategies", "build"),
    ("workbox", "workbox-window", "build"),
):
    _npm_dist = BASE_DIR / "node_modules" / _package / _folder
    if _npm_dist.exists():
        STATICFILES_DIRS.append((f"vendor/{_prefix}", _npm_dist))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env("AWS_STORAGE_BUCKET_NAME"):
    # Media on S3-compatible storage (AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, ... from env).
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        },
    }

# Map tiles: any XYZ tile server; the map degrades to a list without tiles or JavaScript.
MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION", '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)


# Content-Security-Policy of every page (django-csp): scripts only from our own static files, no
# inline script and no inline event handler; images from here, the map's tiles and the media
# storage. Inline styles stay allowed (charts and bars set their sizes in the markup).
def _origin(url: str) -> str | None:
    parts = urlsplit(url.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


_OTHER_ORIGINS = [
    origin
    for origin in (
        _origin(MAP_TILE_URL),
        _origin(MEDIA_URL),
        f"https://{env('AWS_S3_CUSTOM_DOMAIN')}" if env("AWS_S3_CUSTOM_DOMAIN") else None,
        _origin(env("AWS_S3_ENDPOINT_URL")),
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_OTHER_ORIGINS, *env_list("CSP_IMG_SRC")],
        "media-src": ["'self'", *_OTHER_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the platform does not use are off.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), usb=()"
)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Baqylau <noreply@baqylau.local>")

# Background work (emails) waits in a database queue; run `baqylau db_worker` beside the web
# server. Tests run every task at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Officers of a body are reminded this many days before a request's answer is due.
BAQYLAU_REQUEST_REMINDER_DAYS = int(env("BAQYLAU_REQUEST_REMINDER_DAYS", "3"))
# Officers of a body are reminded this many working days before the recommendations of a
# monitoring campaign to it are due.
BAQYLAU_RECOMMENDATION_REMINDER_DAYS = int(env("BAQYLAU_RECOMMENDATION_REMINDER_DAYS", "3"))
# Officers are reminded this many working days before a citizen's problem report is due.
BAQYLAU_REPORT_REMINDER_DAYS = int(env("BAQYLAU_REPORT_REMINDER_DAYS", "2"))
# Evidence of field visits: the largest file accepted, and how far from the visited object a
# photo may be taken before it is flagged.
BAQYLAU_EVIDENCE_MAX_BYTES = int(env("BAQYLAU_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
BAQYLAU_EVIDENCE_FAR_METRES = float(env("BAQYLAU_EVIDENCE_FAR_METRES", "500"))
# The field app's version is a hash of its static files and this string: changing it makes every
# phone fetch the new service worker and shell.
BAQYLAU_FIELD_APP_VERSION = env("BAQYLAU_FIELD_APP_VERSION", "")
# The most pixels an uploaded image may have; it is measured from its header before it is
# decoded (a small PNG can declare 13000×13000 pixels, gigabytes once decoded).
BAQYLAU_IMAGE_MAX_PIXELS = int(env("BAQYLAU_IMAGE_MAX_PIXELS", "50000000"))

# The procurement red flags' parameters (procurement/flags.py, README "Procurement red flags"):
# Cardinal's defaults, overridden per indicator, e.g. as JSON in the environment
# BAQYLAU_RED_FLAGS='{"currency": "KZT", "R003": {"threshold": 10}}'.
try:
    BAQYLAU_RED_FLAGS = json.loads(env("BAQYLAU_RED_FLAGS", "{}"))
except ValueError as exc:
    raise ImproperlyConfigured(f"BAQYLAU_RED_FLAGS is not JSON: {exc}") from exc

# Where the third-party reference data lives (territory shapes, IATI schema).
SHARED_DATA_DIR = Path(env("BAQYLAU_SHARED_DATA", str(BASE_DIR.parent / "shared" / "data")))

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Baqylau open data API",
    "DESCRIPTION": "Read-only open data on planning documents, indicators, financing and objects.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Territory and its detail variant share the choice set; name it after the model.
    "ENUM_NAME_OVERRIDES": {
        "TerritoryKindEnum": "baqylau.registry.models.Territory.Kind",
        # Information requests reuse the field names status, kind and source: theirs are named
        # after the model, and financing keeps the name SourceEnum it had before.
        "SourceEnum": "baqylau.registry.models.Financing.Source",
        "RequestStatusEnum": "baqylau.inforequests.models.Status",
        "RequestEventKindEnum": "baqylau.inforequests.models.RequestEvent.Kind",
        "AnswerSourceEnum": "baqylau.inforequests.models.Answer.Source",
        "AnswerClassificationEnum": "baqylau.inforequests.models.Answer.Classification",
        # Citizens' reports: their status and the kinds and roles of their timeline.
        "ReportStatusEnum": "baqylau.participation.models.Report.Status",
        "ReportEventKindEnum": "baqylau.participation.models.ReportEvent.Kind",
        "ReportEventRoleEnum": "baqylau.participation.models.ReportEvent.Role",
        # The dialogue: meetings, commitments and the library of methods.
        "MeetingKindEnum": "baqylau.meetings.models.MeetingKind",
        "CommitmentUpdateKindEnum": "baqylau.meetings.models.CommitmentUpdate.Kind",
        "LibraryItemKindEnum": "baqylau.methods.models.ItemKind",
        "ObjectKindEnum": "baqylau.registry.models.ProjectObject.Kind",
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# The Ed25519 private key that signs the daily head of the public record (`publish_log_head`):
# the PEM text itself or the path of a PEM file, kept outside the database. Without it the heads
# are published unsigned and the record's page says so.
BAQYLAU_RECORD_SIGNING_KEY = env("BAQYLAU_RECORD_SIGNING_KEY")
