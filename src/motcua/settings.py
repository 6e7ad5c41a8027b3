"""Settings: every value comes from the environment with a safe default (DESIGN rule 8)."""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
# Where runtime files live (SQLite database, uploads, the generated secret key).
DATA_DIR = Path(os.environ.get("MOTCUA_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _origins(*urls: str) -> list[str]:
    from urllib.parse import urlsplit

    return sorted({f"{p.scheme}://{p.netloc}" for u in urls if u and (p := urlsplit(u)).netloc})


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    # First run without SECRET_KEY: generate one into the data directory and keep it,
    # so sessions survive restarts and no secret ever sits in the repository.
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "motcua.accounts.apps.MotcuaAdminConfig",  # django.contrib.admin, agency-scoped
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.workdays",
    "motcua.agencies",
    "motcua.accounts",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.quality",
    "motcua.national",
    "motcua.portal",
    "motcua.payments",
    "motcua.reviews",
    "motcua.reform",
    "motcua.reports",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motcua.core.request_cache.RequestCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

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
                "django.template.context_processors.i18n",
                "motcua.accounts.context.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue instead of failing half-way with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # one address trying many accounts (SIGNIN_ADDRESS_FAILURES)
    "motcua.accounts.backends.AddressGuardBackend",
    # username, e-mail address or phone number
    "motcua.accounts.backends.IdentifierBackend",
    # an external OpenID Connect identity provider, when configured
    "motcua.accounts.oidc.EidBackend",
    # Admin permissions from the role table (accounts.permissions).
    "motcua.accounts.backends.RolePermissionBackend",
]
PASSWORD_HASHERS = [
    "motcua.accounts.hashers.Argon2idHasher",  # OWASP's cost (accounts/hashers.py)
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace"
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock an account+address out after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "motcua.accounts.backends.lockout_username"
# Failed sign-ins from one address, whatever the accounts, before it must wait ("count/seconds").
SIGNIN_ADDRESS_FAILURES = os.environ.get("MOTCUA_SIGNIN_ADDRESS_FAILURES", "30/3600")

# Sign-in through an external OpenID Connect provider (the national eID, §3.5): on when a client
# id and the provider's endpoints are given. RS256 needs the provider's JWKS endpoint.
OIDC_PROVIDER_NAME = os.environ.get("MOTCUA_OIDC_NAME", "vneid")
OIDC_LABEL = os.environ.get("MOTCUA_OIDC_LABEL", "VNeID")
OIDC_RP_CLIENT_ID = os.environ.get("MOTCUA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MOTCUA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MOTCUA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MOTCUA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MOTCUA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MOTCUA_OIDC_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = os.environ.get("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("MOTCUA_OIDC_SCOPES", "openid profile email phone")
OIDC_ID_NUMBER_CLAIM = os.environ.get("MOTCUA_OIDC_ID_NUMBER_CLAIM", "personal_id")
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_TIMEOUT = 10

# --- mail and SMS -----------------------------------------------------------------------------
# Notifications and password resets. By default both are written to files under the data
# directory (nothing leaves the machine); set MOTCUA_EMAIL_BACKEND=smtp and EMAIL_HOST… to send.
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}.get(os.environ.get("MOTCUA_EMAIL_BACKEND", "file"), os.environ.get("MOTCUA_EMAIL_BACKEND"))
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "motcua <no-reply@motcua.local>")
# "file" (under the data directory), "console", or the dotted path of a provider's backend.
SMS_BACKEND = {
    "file": "motcua.core.sms.FileBackend",
    "console": "motcua.core.sms.ConsoleBackend",
}.get(os.environ.get("MOTCUA_SMS_BACKEND", "file"), os.environ.get("MOTCUA_SMS_BACKEND"))
SMS_FILE_PATH = DATA_DIR / "sms"
AXES_LOCKOUT_CALLABLE = "motcua.core.api.axes_lockout_response"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# --- i18n and time (DESIGN rule 2, 9) ---------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "vi")
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Days typed as dd/mm/yyyy in every form, the administration's included (motcua/formats).
FORMAT_MODULE_PATH = ["motcua.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
# Printed on the slips and in the QR code that leads to the public tracking page.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")

# The one-stop shop (domain/README.md §2.4, §2.6). A dossier received after this hour is sent to
# the deciding agency at the start of the next working day.
DOSSIER_TRANSFER_CUTOFF = os.environ.get("MOTCUA_TRANSFER_CUTOFF", "15:00")
# How many times an apology slip may move a dossier's appointment. Decree 61/2018 allowed it once
# (unconfirmed); empty means no limit.
DOSSIER_MAX_APOLOGIES = (
    int(os.environ.get("MOTCUA_MAX_APOLOGIES", "1"))
    if os.environ.get("MOTCUA_MAX_APOLOGIES", "1")
    else None
)  # Under Decree 118/2025 the apology form is "xin lỗi và đề nghị gia hạn" (apology and request
# for an extension). Whether someone must approve the extension was not confirmed in the text
# (docs/domain-notes.md): "" — the apology moves the appointment, as before; "leader" — it asks,
# and another holder of the apology right at the deciding agency approves or rejects.
DOSSIER_EXTENSION_APPROVAL = os.environ.get("MOTCUA_EXTENSION_APPROVAL", "")

# The day each circular's forms took effect where motcua assumes it (core.regimes): e.g.
# MOTCUA_FORMS_EFFECTIVE="03/2025/TT-VPCP=2025-10-30" once the text is checked.
MOTCUA_FORMS_EFFECTIVE = dict(
    item.split("=", 1)
    for item in os.environ.get("MOTCUA_FORMS_EFFECTIVE", "").split(",")
    if "=" in item
)

# The largest scan accepted (digitization), in MB; a request body larger than the largest upload
# (and a megabyte for the form around it) is refused before it is read. An uploaded workbook may
# unpack to at most XLSX_MAX_UNPACKED_MB (its archive's sizes are checked before it is opened).
DOSSIER_MAX_UPLOAD_MB = int(os.environ.get("MOTCUA_MAX_UPLOAD_MB", "20"))
MAX_REQUEST_BYTES = (max(DOSSIER_MAX_UPLOAD_MB, 10) + 1) * 1024 * 1024
XLSX_MAX_UNPACKED_MB = int(os.environ.get("MOTCUA_XLSX_MAX_UNPACKED_MB", "20"))

# Online submission (domain/README.md §3.2, unconfirmed): the time limit of an online dossier
# counts from its submission ("submission"; one sent after hours or on a day off counts from the
# next working moment) or from the one-stop officer's acceptance ("acceptance"). A draft not
# submitted is kept this many days.
ONLINE_CLOCK_FROM = os.environ.get("MOTCUA_ONLINE_CLOCK_FROM", "submission")
ONLINE_DRAFT_DAYS = int(os.environ.get("MOTCUA_ONLINE_DRAFT_DAYS", "30"))
# The desk checks an online submission within this many working hours (unconfirmed: 8, one day).
ONLINE_CHECK_HOURS = int(os.environ.get("MOTCUA_ONLINE_CHECK_HOURS", "8"))

# Payments: the providers offered (dotted paths of ``payments.providers.Provider`` classes), the
# built-in provider's shared secret and checkout page, and how old a callback may be, in seconds.
PAYMENT_PROVIDERS = os.environ.get(
    "MOTCUA_PAYMENT_PROVIDERS", "motcua.payments.providers.HmacGateway"
).split(",")
PAYMENT_HMAC_SECRET = (
    os.environ.get("MOTCUA_PAYMENT_SECRET")
    or hashlib.sha256(f"payments:{SECRET_KEY}".encode()).hexdigest()
)
PAYMENT_GATEWAY_URL = os.environ.get("MOTCUA_PAYMENT_GATEWAY_URL", "")
# The test gateway served here signs "paid" for anyone who asks: it runs only when turned on
# (`make run`, the demo and the suite do), never without DEBUG in a deployment
# (`motcua check --deploy` fails), and never in place of a real gateway's address.
PAYMENT_SANDBOX = env_bool("MOTCUA_PAYMENT_SANDBOX") and not PAYMENT_GATEWAY_URL
PAYMENT_CALLBACK_MAX_AGE = int(os.environ.get("MOTCUA_PAYMENT_CALLBACK_MAX_AGE", "600"))

# Electronic results are PDFs signed by the deciding agency (dossiers.signing, docs/adr): its
# key and certificate as ``<agency code>.p12`` in SIGNING_DIR, the passphrase in
# ``<agency code>.pass`` beside it or MOTCUA_SIGNING_PASSPHRASE; the certificate authorities a
# signature is checked against (the national root and those it trusts), PEM or DER files in
# SIGNING_TRUST_DIR. The demo's test authority (certificates marked as test) signs and is trusted
# only when turned on (`make run`, the demo and the suite do) — never without DEBUG in a
# deployment (`motcua check --deploy` fails), and a test certificate found without it signs
# nothing.
SIGNING_DIR = Path(os.environ.get("MOTCUA_SIGNING_DIR", DATA_DIR / "signing"))
SIGNING_TRUST_DIR = Path(os.environ.get("MOTCUA_SIGNING_TRUST_DIR", SIGNING_DIR / "trust"))
SIGNING_PASSPHRASE = os.environ.get("MOTCUA_SIGNING_PASSPHRASE", "")
SIGNING_TEST_CA = env_bool("MOTCUA_SIGNING_TEST_CA")
SIGNING_LOCATION = os.environ.get("MOTCUA_SIGNING_LOCATION", "Bắc Kạn")
# Production keys on a PKCS#11 token or HSM instead of files: the module (the vendor's .so), the
# token's label, its user PIN; each agency's key and certificate labelled with its code.
# SIGNING_PKCS11_RAW: hash here and sign on the token (for tokens without hash-and-sign).
SIGNING_PKCS11_MODULE = os.environ.get("MOTCUA_SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN = os.environ.get("MOTCUA_SIGNING_PKCS11_TOKEN", "")
SIGNING_PKCS11_PIN = os.environ.get("MOTCUA_SIGNING_PKCS11_PIN", "")
SIGNING_PKCS11_RAW = env_bool("MOTCUA_SIGNING_PKCS11_RAW", True)
# A timestamp authority (RFC 3161) that attests when each result was signed (PAdES B-T); none:
# the signer's own clock only. Its certificate's authority belongs in SIGNING_TRUST_DIR.
SIGNING_TSA_URL = os.environ.get("MOTCUA_SIGNING_TSA_URL", "")
SIGNING_TSA_TIMEOUT = int(os.environ.get("MOTCUA_SIGNING_TSA_TIMEOUT", "10"))

# Searchable copies (dossiers.ocr): the scans and uploads are read in the background by
# OCRmyPDF and Tesseract (Debian's tesseract-ocr-vie, ghostscript). The languages read, the
# confidence from which a page is turned upright (Tesseract's orientation score: a page with
# little text scores 5–7), the longest a page may take, the pages read automatically, the
# attempts before a copy is left for a person, and when a copy a dead worker held is taken up.
OCR_ENABLED = env_bool("MOTCUA_OCR", True)
OCR_LANGUAGES = os.environ.get("MOTCUA_OCR_LANGUAGES", "vie").split("+")
OCR_ROTATE_THRESHOLD = float(os.environ.get("MOTCUA_OCR_ROTATE_THRESHOLD", "2.0"))
OCR_PAGE_TIMEOUT = int(os.environ.get("MOTCUA_OCR_PAGE_TIMEOUT", "180"))
OCR_MAX_PAGES = int(os.environ.get("MOTCUA_OCR_MAX_PAGES", "300"))
OCR_RETRIES = int(os.environ.get("MOTCUA_OCR_RETRIES", "3"))
OCR_STALE_MINUTES = int(os.environ.get("MOTCUA_OCR_STALE_MINUTES", "30"))
# How much the worker lowers its priority when it reads pages (os.nice; 0: not at all).
OCR_NICE = int(os.environ.get("MOTCUA_OCR_NICE", "10"))

# Messages to applicants about their dossiers (e-mail and SMS, sent by background tasks), and
# how many times a failed one is tried before it is left for a person.
NOTIFY_APPLICANTS = os.environ.get("MOTCUA_NOTIFY", "1") == "1"
NOTIFY_RETRIES = int(os.environ.get("MOTCUA_NOTIFY_RETRIES", "5"))
# A first send still pending this many minutes after the event is taken up again by
# `motcua send_notifications` (its worker died holding it).
NOTIFY_STALE_MINUTES = int(os.environ.get("MOTCUA_NOTIFY_STALE_MINUTES", "10"))

# Watch every read made for the reference cache and fail one touching a table no app registered
# (core.reference): on in the test suite, where its cost does not matter.
MOTCUA_REFERENCE_GUARD = env_bool("MOTCUA_REFERENCE_GUARD")

# The national public-service portal's adapter (docs/national.md). Synchronisation is off while
# MOTCUA_NATIONAL_URL is unset: no message is queued, none is sent.
NATIONAL: dict[str, Any] = {
    "URL": os.environ.get("MOTCUA_NATIONAL_URL", "").rstrip("/"),
    "AUTH_PATH": os.environ.get("MOTCUA_NATIONAL_AUTH_PATH", "/auth"),
    "SYNC_PATH": os.environ.get("MOTCUA_NATIONAL_SYNC_PATH", "/integration"),
    "SHARE_PATH": os.environ.get("MOTCUA_NATIONAL_SHARE_PATH", "/share"),
    "USERNAME": os.environ.get("MOTCUA_NATIONAL_USERNAME", ""),
    "PASSWORD": os.environ.get("MOTCUA_NATIONAL_PASSWORD", ""),
    "DSTCODE": os.environ.get("MOTCUA_NATIONAL_DSTCODE", ""),
    "TIMEOUT": float(os.environ.get("MOTCUA_NATIONAL_TIMEOUT", "10")),
    "BATCH": int(os.environ.get("MOTCUA_NATIONAL_BATCH", "100")),
    "RETRIES": int(os.environ.get("MOTCUA_NATIONAL_RETRIES", "8")),
    "BACKOFF": float(os.environ.get("MOTCUA_NATIONAL_BACKOFF", "30")),
    # The sender's CPU priority below the web workers' (nice increment, 0–19).
    "NICE": max(0, min(19, int(os.environ.get("MOTCUA_NATIONAL_NICE", "10")))),
    # Where a connected system's files are fetched from (TaiLieuNop's links).
    "FILE_BASE_URL": os.environ.get("MOTCUA_NATIONAL_FILE_BASE_URL", ""),
    # The province's unit code for the catalog look-ups (LayDanhSachTTHC, LayThuTuc).
    "UNIT": os.environ.get("MOTCUA_NATIONAL_UNIT", ""),
    # LayThuTuc's TRANGTHAI values that mean a procedure is no longer in force (not published:
    # the ones seen from connected systems; comma-separated).
    "CATALOG_ABOLISHED": [
        value.strip()
        for value in os.environ.get(
            "MOTCUA_NATIONAL_CATALOG_ABOLISHED", "0,Hết hiệu lực,Bãi bỏ,Đã bãi bỏ"
        ).split(",")
        if value.strip()
    ],
    # The national portal's own credential for handing dossiers to the province (empty: refused).
    "INBOUND_KEY": os.environ.get("MOTCUA_NATIONAL_INBOUND_KEY", ""),
}

# Feedback and petitions (§2.10): the answer is due within this many working days (Ninh Bình's
# rule; the national one is unconfirmed), and where one not tied to an agency goes (an agency
# identifier code; empty: the agency of the TTHC control office).
FEEDBACK_DAYS = int(os.environ.get("MOTCUA_FEEDBACK_DAYS", "10"))
FEEDBACK_AGENCY = os.environ.get("MOTCUA_FEEDBACK_AGENCY", "")

# The agencies' quarterly evaluation on nine criteria (§2.9): the lowest total of each grade.
# The source's boundary at exactly 15 points is unconfirmed; here 15 is "excellent".
EVALUATION_GRADES = os.environ.get(
    "MOTCUA_EVALUATION_GRADES", "15:excellent,12:good,9:fair,6:average"
)

# The national targets the province's simplification is measured against (domain/README.md §5):
# percent cut of processing time and of compliance cost. Resolution 76/NQ-CP sets 20% of cost by
# 2025 (its time target is not a number); Resolution 66/NQ-CP sets 30% of both for 2025–2026.
REVIEW_TARGETS = [
    {"name": "Nghị quyết 76/NQ-CP", "years": "2021–2025", "time": None, "cost": 20},
    {"name": "Nghị quyết 66/NQ-CP", "years": "2025–2026", "time": 30, "cost": 30},
]

# Reporting cut-off (Decree 09/2019/NĐ-CP, unconfirmed): a reporting month runs from this day of
# the month before to the day before it in the month reported.
REPORT_CUTOFF_DAY = int(os.environ.get("MOTCUA_REPORT_CUTOFF_DAY", "15"))

# Public tracking by dossier code and a second factor (the phone number, or the last digits of
# the ID number), as "count/seconds": requests per address, wrong factors per address (then 429),
# and wrong factors per code from anywhere (then the code takes only the whole phone or ID number).
TRACK_RATE = os.environ.get("MOTCUA_TRACK_RATE", "30/60")
TRACK_ADDRESS_FAILURES = os.environ.get("MOTCUA_TRACK_ADDRESS_FAILURES", "10/3600")
TRACK_FAILURES = os.environ.get("MOTCUA_TRACK_FAILURES", "5/3600")
TRACK_ID_DIGITS = int(os.environ.get("MOTCUA_TRACK_ID_DIGITS", "4"))
# Checks of a result (its file, or its dossier code and number) from one address.
VERIFY_RATE = os.environ.get("MOTCUA_VERIFY_RATE", "20/60")

# Background work (imports now; notifications later) through the Django Tasks API. The database
# backend needs a worker: `motcua db_worker` (`make run` starts one beside the web server).
# MOTCUA_TASKS=immediate runs tasks inside the request instead, for a single-process setup.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if os.environ.get("MOTCUA_TASKS") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- security ---------------------------------------------------------------------------------
# Behind HTTPS (docs/deploy.md): MOTCUA_HTTPS=1 turns on the secure cookies, the redirect to
# HTTPS and a year of HSTS; each can be set apart. Behind a reverse proxy that ends TLS, name the
# header it sets, e.g. MOTCUA_PROXY_SSL_HEADER="X-Forwarded-Proto: https" (and make sure the proxy
# always sets or strips it).
HTTPS = env_bool("MOTCUA_HTTPS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
SECURE_SSL_REDIRECT = env_bool("MOTCUA_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe, inside the network
SECURE_HSTS_SECONDS = int(os.environ.get("MOTCUA_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MOTCUA_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("MOTCUA_HSTS_PRELOAD")
if _proxy_header := os.environ.get("MOTCUA_PROXY_SSL_HEADER", ""):
    _name, _sep, _value = _proxy_header.partition(":")
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _name.strip().upper().replace("-", "_"), _value.strip())
# Deploy checks a deployment has weighed and accepts, e.g. "security.W005" where not every
# subdomain of its domain is served over HTTPS.
SILENCED_SYSTEM_CHECKS = env_list("MOTCUA_SILENCED_CHECKS", "")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # No inline script anywhere (the API docs load theirs as a file too).
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "frame-ancestors": ["'none'"],
        # Forms post here, and some answer with a redirect to the payment gateway or the
        # identity provider: their origins, when configured.
        "form-action": ["'self'", *_origins(PAYMENT_GATEWAY_URL, OIDC_OP_AUTHORIZATION_ENDPOINT)],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.core.authentication.TokenOrBearerAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["motcua.core.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "motcua.core.api.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
if DEBUG:
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"].append(
        "rest_framework.renderers.BrowsableAPIRenderer"
    )
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "Public API of motcua: calendar, agencies, catalog, dossiers, statistics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name per choice set used in several places.
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "motcua.catalog.models.Channel",
        "DossierStateEnum": "motcua.dossiers.models.State",
        "KindEnum": "motcua.catalog.models.FollowUpDuty.Kind",
        "RecommendationKindEnum": "motcua.reviews.models.Recommendation.Kind",
        "PlanStateEnum": "motcua.reviews.models.SimplificationPlan.State",
        "StateEnum": "motcua.catalog.models.PublicationDecision.State",
        "DraftStageEnum": "motcua.reviews.models.DraftRegulation.Stage",
        "DraftActionEnum": "motcua.reviews.models.DraftProcedure.Action",
        "DraftOpinionEnum": "motcua.reviews.models.DraftProcedure.Opinion",
    },
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "motcua.core.schema.refused_at_the_edge",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no CDN, works offline and under the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- the working-day calendar -----------------------------------------------------------------
# The years deadlines may be computed in. Outside them the API answers 400 rather than guess.
WORKDAYS_FIRST_YEAR = int(os.environ.get("WORKDAYS_FIRST_YEAR", "2018"))
WORKDAYS_LAST_YEAR = int(os.environ.get("WORKDAYS_LAST_YEAR", "2030"))
# How the calendar finds an agency's office hours without importing the agencies app.
WORKDAYS_SCHEDULE_RESOLVER = "motcua.agencies.selectors.office_schedule_code"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # OCRmyPDF's advice (optional optimizers missing, the output larger than the scan) is not
    # an officer's concern; what fails is raised and kept on the copy (dossiers.ocr).
    "loggers": {"ocrmypdf": {"level": os.environ.get("MOTCUA_OCR_LOG_LEVEL", "ERROR")}},
}
