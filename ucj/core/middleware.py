import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.utils import translation
from django.utils.functional import empty
from whitenoise.middleware import WhiteNoiseMiddleware


class DefaultLanguageMiddleware:
    """Indonesian unless the user chose another language (the language cookie set by the
    switcher). Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored:
    a provincial office's English-language browser should still see the Indonesian UI."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# --- request logs (issue 18, production serving) ----------------------------------------------

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
request_logger = logging.getLogger("ucj.requests")


def request_id_of(request) -> str:
    """The caller's X-Request-ID when it is a plain token (letters, digits, ``._-``, at most
    64), so that the proxy's id follows the request; otherwise a new one. Anything else is
    replaced, never logged: it could forge log lines or carry personal data."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def _user_id(request):
    """The signed-in user's id, only when the request already looked the user up (no query
    is made for the log)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


class RequestLogMiddleware:
    """Gives every request an id (``request.request_id``, the ``X-Request-ID`` response
    header) and, when ``UCJ_REQUEST_LOG`` is on, writes one JSON line per request to the
    ``ucj.requests`` logger (stdout): time, request id, method, path without the query string,
    status, duration in ms, user id. Never query strings, bodies, names, NIKs or addresses: the
    paths carry only codes, numbers and UUIDs. First in MIDDLEWARE, so it times and counts
    everything, static files and redirects included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_of(request)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = request.request_id
        if settings.UCJ_REQUEST_LOG:
            request_logger.info(json.dumps({
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": _user_id(request),
            }, ensure_ascii=True))
        return response


# --- static files without a folder made in advance (issue 20) ---------------------------------

class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, quiet about a ``STATIC_ROOT`` that ``collectstatic`` has not made yet when
    ``DEBUG`` is on: the development server and the tests serve from the finders, and the
    settings no longer make the empty folder when imported. Without ``DEBUG`` the missing
    folder is still warned of (pages then fail without the manifest anyway)."""

    def add_files(self, root, prefix=None):
        if settings.DEBUG and not self.autorefresh and not os.path.isdir(root):
            return
        super().add_files(root, prefix=prefix)
# --- end static files
