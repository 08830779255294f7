"""Django settings of the portal, from the environment ``autograder serve`` sets.

``AG_PORTAL_DATA`` the data folder (SQLite file, uploads, result cache, secret key; never served),
``AG_PORTAL_DATABASE`` a database URL (empty: SQLite in the data folder), ``AG_PORTAL_COURSE``
the course root, ``AG_PORTAL_HOSTS`` extra allowed host names, ``AG_PORTAL_SECURE=1`` cookies
for HTTPS only (behind a TLS proxy).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .dburl import database_settings

DATA_DIR = Path(os.environ.get("AG_PORTAL_DATA", "portal-data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
COURSE_ROOT = Path(os.environ.get("AG_PORTAL_COURSE", ".")).resolve()
UPLOAD_DIR = DATA_DIR / "uploads"  # outside every served path: no URL maps to it
CACHE_DIR = DATA_DIR / "cache"
MAX_UPLOAD_BYTES = int(os.environ.get("AG_PORTAL_MAX_UPLOAD", str(10 * 1024 * 1024)))
LEASE_SECONDS = float(os.environ.get("AG_PORTAL_LEASE_SECONDS", "60"))
MAX_ATTEMPTS = int(os.environ.get("AG_PORTAL_MAX_ATTEMPTS", "3"))
LOGIN_FAILURES_ALLOWED = int(os.environ.get("AG_PORTAL_LOGIN_LIMIT", "5"))
LOGIN_WINDOW_SECONDS = 15 * 60
SANDBOX = os.environ.get("AG_PORTAL_SANDBOX", "auto")


def _secret_key() -> str:
    path = DATA_DIR / "secret_key"
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"] + [
    h for h in os.environ.get("AG_PORTAL_HOSTS", "").split(",") if h
]
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "autograder.portal.apps.PortalConfig",
]
MIDDLEWARE = [
    "autograder.portal.middleware.UploadCap",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "autograder.portal.urls"
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
            ]
        },
    }
]
DATABASES = {"default": database_settings(os.environ.get("AG_PORTAL_DATABASE"), DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login/"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"  # the admin's own CSS and JS, from the installed apps only
# Cookies: never readable from scripts, not sent on cross-site subrequests.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("AG_PORTAL_SECURE") == "1"
SESSION_COOKIE_AGE = 14 * 24 * 3600
X_FRAME_OPTIONS = "SAMEORIGIN"  # the feedback page frames the engine's own feedback.html
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Uploads above the cap are refused from Content-Length before the body is read; below it the
# file may stay in memory (the cap is small).
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}
