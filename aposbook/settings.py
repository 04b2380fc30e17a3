"""Aposbook settings: one file, read from environment variables only.

With nothing set, the site runs in development mode on SQLite. With
DJANGO_ENV=production it refuses unsafe defaults and passes `check --deploy`.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PRODUCTION = env_str("DJANGO_ENV", "development").lower() == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if PRODUCTION and (SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_ENV=production needs a real SECRET_KEY (50 or more random characters)."
    )

# Old keys still accepted for signatures (such as stored /leave/ links) after a key rotation.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies in front of the site append to X-Forwarded-For (rate limits by IP).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

SITE_NAME = env_str("SITE_NAME", "Aposbook")
SITE_DOMAIN = env_str("SITE_DOMAIN", f"{SITE_NAME}.com")
SUPPORT_EMAIL = env_str("SUPPORT_EMAIL", "support@aposbook.com")
# The site's public address, used in emails (links must work outside a request).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

# A published article or topic page is due for a new medical review this long after its
# last one (Healthline and WebMD re-review yearly).
MEDICAL_REVIEW_INTERVAL_DAYS = env_int("MEDICAL_REVIEW_INTERVAL_DAYS", 365)

# New members (accounts younger than NEW_MEMBER_HOURS, or with nothing yet kept by others)
# post at most NEW_MEMBER_POSTS times in NEW_MEMBER_POSTS_MINUTES, with at most
# NEW_MEMBER_LINKS links a post; their first post with a link waits for a moderator.
# A contribution is kept once it has stayed up KEPT_AFTER_HOURS or others answered or voted.
NEW_MEMBER_HOURS = env_int("NEW_MEMBER_HOURS", 24)
NEW_MEMBER_POSTS = env_int("NEW_MEMBER_POSTS", 3)
NEW_MEMBER_POSTS_MINUTES = env_int("NEW_MEMBER_POSTS_MINUTES", 10)
NEW_MEMBER_LINKS = env_int("NEW_MEMBER_LINKS", 2)
KEPT_AFTER_HOURS = env_int("KEPT_AFTER_HOURS", 24)
# The same text from one member again within this time waits for a moderator.
SAME_TEXT_MINUTES = env_int("SAME_TEXT_MINUTES", 60)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    # django-ninja serves the API's docs page from its own static files (Swagger UI).
    "ninja",
    "aposbook.accounts",
    "aposbook.library",
    "aposbook.search",
    "aposbook.editorial",
    "aposbook.moderation",
    "aposbook.reviews",
    "aposbook.discussions",
    "aposbook.questions",
    "aposbook.feedback",
    "aposbook.pages",
    "aposbook.api",
]

MIDDLEWARE = [
    # Serves visitors' stored pages before anything else runs (where aposbook.wsgi's
    # `StoredPagesFirst` has not already): they are stored with every header the middleware
    # below added (security, CSP, Permissions-Policy, X-Frame-Options). It leaves plain-HTTP
    # requests to the HTTPS redirect when SECURE_SSL_REDIRECT is on.
    "aposbook.lib.stored_pages.VisitorPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "aposbook.lib.security.PermissionsPolicyMiddleware",
    "aposbook.lib.security.RefuseUnreadableFormsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A read that meets a dropped database connection runs once more (lib/outages.py).
    "aposbook.lib.outages.RetryReadsMiddleware",
]

if PRODUCTION:
    # Serves collected static files, right after the security headers (the page cache
    # leaves STATIC_URL alone); in development runserver serves them from static/.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "aposbook.urls"
WSGI_APPLICATION = "aposbook.wsgi.application"
ASGI_APPLICATION = "aposbook.asgi.application"

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
                "aposbook.pages.context_processors.site",
            ],
            # `{% time value %}` and `|human_date` in every template: one date format everywhere;
            # `|removed_for` and `{% moderation_notice item %}` for held and hidden items.
            "builtins": [
                "aposbook.lib.dates",
                "aposbook.lib.visibility_tags",
                "aposbook.lib.csrf_tags",
                "aposbook.lib.shared_parts",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, with a counter in the process while Redis cannot be reached (lib/cache.py).
            "BACKEND": "aposbook.lib.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "aposbook"),
            # A Redis that does not answer must not hold a request up for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One process's memory: enough entries for the demo's pages and the rate-limit counters.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    }

# Visitors' pages served from the cache until what they show changes (lib/pagecache.py). The
# timeout only bounds memory: a page is rebuilt as soon as a write names what it shows.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 3600)
# A CDN cannot be told what changed: it keeps a visitor page this long, then may serve it this
# much longer while it fetches the new one (ETag: usually a 304). Browsers always ask again.
PAGE_CACHE_CDN_SECONDS = env_int("PAGE_CACHE_CDN_SECONDS", 60)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)
# Names the running release in the page cache's keys, beside a digest of the code itself.
RELEASE = env_str("RELEASE", "")

# The open read API (/api/): requests each client may make per window of seconds.
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_RATE_WINDOW = env_int("API_RATE_WINDOW", 60)

# Background work: run immediately by default; a database queue with `db_worker` in production.
if env_str("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_ADAPTER = "aposbook.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "aposbook.accounts.forms.SignupForm",
    "login": "aposbook.accounts.forms.LoginForm",
    "change_password": "aposbook.accounts.forms.ChangePasswordForm",
    "set_password": "aposbook.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "aposbook.accounts.forms.ResetPasswordKeyForm",
    "request_login_code": "aposbook.accounts.forms.RequestLoginCodeForm",
    "confirm_login_code": "aposbook.accounts.forms.ConfirmLoginCodeForm",
}
# Sign-up and password reset answer the same whether or not the address is registered.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# One verification email per address every 2 minutes (our "ask again" wait and allauth's limit;
# allauth's other rate limits keep their defaults).
EMAIL_VERIFICATION_COOLDOWN = 120
ACCOUNT_RATE_LIMITS = {"confirm_email": f"1/{EMAIL_VERIFICATION_COOLDOWN}s/key"}
# Confirming in the browser that signed up logs in and goes on to the page they came from.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Five wrong passwords lock an account's password log-in for five minutes (allauth's limit);
# its owner still gets in with a code we email (or a password reset).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@aposbook.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A form sent without its CSRF token gets the site's own 403 page, saying what to do.
CSRF_FAILURE_VIEW = "aposbook.pages.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Where the site's videos come from: the only pages the site shows in a frame.
VIDEO_EMBED_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The same policy in every environment, so that every browser test runs under it: no inline
# script or style anywhere, no eval (htmx is told so in base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": VIDEO_EMBED_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the site never uses are switched off; the video players keep theirs.
_embeds = " ".join(f'"{origin}"' for origin in VIDEO_EMBED_ORIGINS)
PERMISSIONS_POLICY = {
    "camera": "()",
    "microphone": "()",
    "geolocation": "()",
    "payment": "()",
    "usb": "()",
    "browsing-topics": "()",
    "fullscreen": f"(self {_embeds})",
    "encrypted-media": f"({_embeds})",
    "picture-in-picture": f"({_embeds})",
}
# security.txt (RFC 9116): where to report a flaw.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", f"mailto:{SUPPORT_EMAIL}")
# Load balancers probe /health/ over plain HTTP behind the TLS terminator: never redirect it.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
