"""Django settings. Every knob is an environment variable; see the table in README.md."""

from __future__ import annotations

import os
from datetime import timedelta

from okrs.config import (
    data_dir,
    database,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_paths,
    local_passwords,
    oidc,
    secret_key,
)
from okrs.config_mail import base_url, email

DATA_DIR = data_dir()
SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
DATABASES = {"default": database(os.environ.get("DATABASE_URL", "").strip(), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How many days without a check-in make a key result "outdated".
CHECK_IN_CADENCE_DAYS = env_int("OKRS_CHECK_IN_CADENCE_DAYS", 14, minimum=1)

# What the measurement of a bound key result may read and spend, set by the operator
# (README: "What a binding may read"). Empty allow-lists allow nothing.
BINDING_FILE_ROOTS = env_paths("OKRS_BINDING_FILE_ROOTS")
BINDING_ALLOWED_NETWORKS = env_networks("OKRS_BINDING_ALLOWED_NETWORKS")
BINDING_DATABASES = env_list("OKRS_BINDING_DATABASES", [])
MEASURE_DEADLINE_SECONDS = env_int("OKRS_MEASURE_DEADLINE_SECONDS", 60, minimum=1)
MEASURE_MAX_MB = env_int("OKRS_MEASURE_MAX_MB", 100, minimum=1)
MEASURE_MEMORY_MB = env_int("OKRS_MEASURE_MEMORY_MB", 1024, minimum=128)
# *Measure now* presses per person in MEASURE_NOW_WINDOW_MINUTES.
MEASURE_NOW_LIMIT = env_int("OKRS_MEASURE_NOW_LIMIT", 10, minimum=1)
MEASURE_NOW_WINDOW_MINUTES = env_int("OKRS_MEASURE_NOW_WINDOW_MINUTES", 10, minimum=1)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "okrs.orgs",
    "okrs.goals",
    "okrs.audit",
    "okrs.tokens",
    "okrs.bindings",
    "okrs.web",
    "okrs.sso",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages shrink to a fifth; Django pads compressed responses against BREACH (4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "okrs.web.middleware.RefuseNulMiddleware",
    # A lookup's NotFound (okrs.goals.queries) is the 404 page; the API maps its own.
    "okrs.web.middleware.NotFoundMiddleware",
    # After authentication: ends idle and too old sessions, then logs the 403s answered.
    "okrs.web.sessions.SessionTimeoutMiddleware",
    "okrs.audit.middleware.DenialLogMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# Background work runs in `okrs worker` (started by `okrs serve`), queued in the database.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "measure"]}
}

ROOT_URLCONF = "okrs.urls"
WSGI_APPLICATION = "okrs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Applied wherever a password is chosen: `okrs createuser`, the password change page.
# UserAttributeSimilarityValidator refuses the username (or the e-mail, the names) as password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("OKRS_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Logins (README: "Logins and sessions"). django-axes counts failures per username and
# address in the database and refuses that pair for the cool-off after the limit.
LOGIN_FAILURE_LIMIT = env_int("OKRS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_MINUTES = env_int("OKRS_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
# Single sign-on (README: "Single sign-on"): on when OKRS_OIDC_ISSUER and _CLIENT_ID are set.
# OKRS_LOCAL_PASSWORDS=false then hides the password form and drops the password backend
# (API tokens do not log in through a backend and keep working).
OIDC = oidc()
SSO_ENABLED = OIDC is not None
LOCAL_PASSWORDS = local_passwords(SSO_ENABLED)
AUTHENTICATION_BACKENDS = [
    "okrs.web.views.logins.LoginBackend",
    *(["django.contrib.auth.backends.ModelBackend"] if LOCAL_PASSWORDS else []),
    *(["okrs.sso.backend.OidcBackend"] if SSO_ENABLED else []),
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "okrs.web.views.logins.locked_out"
AXES_WHITELIST_CALLABLE = "okrs.web.views.logins.not_a_password"
AXES_CLIENT_IP_CALLABLE = "okrs.audit.security.client_address"
AXES_DISABLE_ACCESS_LOG = True  # the security log records logins (okrs.audit.signals)
AXES_VERBOSE = False
# How many proxies in front of okrs append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXIES = env_int("OKRS_TRUSTED_PROXIES", 0)

# A session ends after OKRS_SESSION_IDLE_MINUTES without a request, and at the latest
# OKRS_SESSION_MAX_DAYS after the login (okrs.web.sessions).
SESSION_IDLE_MINUTES = env_int("OKRS_SESSION_IDLE_MINUTES", 8 * 60, minimum=5)
SESSION_MAX_DAYS = env_int("OKRS_SESSION_MAX_DAYS", 7, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# Email (README: "Email"): the console backend unless OKRS_EMAIL_URL or OKRS_SMTP_HOST is set.
_mail = email()
EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
EMAIL_HOST = _mail.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _mail.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _mail.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _mail.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _mail.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _mail.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = _mail.get("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("OKRS_EMAIL_FROM", "").strip() or "okrs <okrs@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
OKRS_BASE_URL = base_url()
# Invitation and password-reset links: signed, single-use, and dead after this long.
INVITATION_DAYS = env_int("OKRS_INVITATION_DAYS", 7, minimum=1)
PASSWORD_RESET_TIMEOUT = env_int("OKRS_RESET_LINK_HOURS", 24, minimum=1) * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# mozilla-django-oidc, through okrs.sso: the endpoints come from the provider's discovery
# document (okrs.sso.discovery), so only the client is set here.
OIDC_AUTHENTICATE_CLASS = "okrs.sso.views.Authenticate"
OIDC_CALLBACK_CLASS = "okrs.sso.views.Callback"
OIDC_RP_CLIENT_ID = OIDC.client_id if OIDC else ""
OIDC_RP_CLIENT_SECRET = OIDC.client_secret if OIDC else ""
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
SSO_DOMAINS = OIDC.domains if OIDC else {}  # okrs.sso.matching.by_domain

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# `okrs serve` collects static files; tests and DEBUG read them straight from the apps.
if DEBUG or env_bool("OKRS_STATIC_FROM_APPS", default=False):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind a TLS proxy (README: "Logins and sessions", production settings): secure cookies,
# HTTP redirected to HTTPS, and HSTS, so `manage.py check --deploy` finds nothing to say.
if env_bool("OKRS_HTTPS", default=False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env_int("OKRS_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("OKRS_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("OKRS_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
