"""Settings for every environment, driven by environment variables.

SQLite under ``var/`` is the embedded default; ``DATABASE_URL`` (``sqlite:///PATH`` or
``postgres://…``) selects another database. Nothing here exists only in production.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from egovpm.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("EGOVPM_HOME", str(Path.cwd())))
VAR_DIR = BASE_DIR / "var"
# The embedded database, attachments and collected static files live here; create it so that a
# fresh checkout can migrate and serve without a manual step.
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("EGOVPM_DEBUG", False)
SECRET_KEY = env_str("EGOVPM_SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("EGOVPM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "egovpm.accounts",
    "egovpm.audit",
    "egovpm.calendars",
    "egovpm.declarations",
    "egovpm.review",
    "egovpm.meetings",
    "egovpm.lifecycle",
    "egovpm.api",
    "ninja",  # its bundled Swagger UI assets (no CDN) need the app registered
    "egovpm.selfcheck",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "egovpm.config.security.SecurityHeadersMiddleware",  # CSP, no-store (docs/security.md)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "egovpm.config.security.SessionIdleTimeoutMiddleware",
    "egovpm.config.security.GenericServerErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "egovpm.config.urls"
WSGI_APPLICATION = "egovpm.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'egovpm.sqlite3'}"),
        conn_max_age=60,
    )
}
if _test_db := env_str("EGOVPM_TEST_DB_NAME", ""):
    # Lets two test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": _test_db}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保 三级 身份鉴别: at least three of upper, lower, digit, symbol.
    {"NAME": "egovpm.accounts.validators.ComplexityValidator",
     "OPTIONS": {"min_length": 8, "min_classes": 3}},
]

LANGUAGE_CODE = "zh-hans"
# Only Simplified Chinese until an English catalogue exists: offering "en" would let a browser's
# Accept-Language switch Django's own messages to English amid Chinese pages.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("EGOVPM_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Key of the audit trail's HMAC-SM3 chain. It lives outside the database on purpose: someone
# who can write to the database must not be able to re-sign a forged row.
DEV_AUDIT_CHAIN_KEY = "dev-only-audit-key-change-me"
AUDIT_CHAIN_KEY = env_str("EGOVPM_AUDIT_KEY", DEV_AUDIT_CHAIN_KEY)

# Login lockout (policy values kept by the security administrator) and API token lifetime.
AUTHENTICATION_BACKENDS = ["egovpm.accounts.backends.LockoutBackend"]
API_TOKEN_TTL_HOURS = env_int("EGOVPM_API_TOKEN_HOURS", 12, minimum=1)

# Uploaded attachments, stored outside the web root under generated names.
MEDIA_ROOT = VAR_DIR / "attachments"
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# ---- 等保 三级: session timeout and HTTPS (egovpm.config.security, docs/security.md) ----------
# Idle timeout (sliding, enforced by SessionIdleTimeoutMiddleware) and absolute lifetime.
SESSION_IDLE_MINUTES = env_int("EGOVPM_SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = env_int("EGOVPM_SESSION_MAX_HOURS", 8, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (strip it from clients!).
if env_bool("EGOVPM_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Secure cookies mean the site is served over HTTPS only: redirect plain HTTP and send HSTS.
SECURE_SSL_REDIRECT = env_bool("EGOVPM_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_HSTS_SECONDS = 31_536_000 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SESSION_COOKIE_SECURE
# Preloading is for public domains; an intranet host name is not on the browsers' list.
SECURE_HSTS_PRELOAD = env_bool("EGOVPM_HSTS_PRELOAD", False)
