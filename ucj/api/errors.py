"""The API's error answers: a message in the user's language and a stable English ``code``.

Every message of the API is a translatable string, so a client gets it in the language the
pages use: Indonesian by default, English with the language cookie (``django_language=en``,
set by the pages' switcher; ``ucj.core.middleware.DefaultLanguageMiddleware`` ignores
Accept-Language on purpose). The messages Django REST Framework writes itself (not signed in,
method not allowed, throttled, the JSON parser's …) are English or only partly translated in
its own catalogue, so ``exception_handler`` replaces them with ours.

A ``{"detail": …}`` answer carries ``code`` too (``not_authenticated``, ``not_found``,
``locked``, ``idempotency_key_reused`` …): the message is for people and may change, the code
is for programs and does not. A 400 by field keeps its form ``{"field": ["message"]}``: the
field's name is the machine-readable part.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from ucj.core.formatting import format_decimal


def not_found_message() -> str:
    return _("Not found, or outside your regions.")


def megabytes(size: int) -> str:
    return format_decimal(size / 1024 / 1024, 1)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _media_types(classes) -> str:
    return ", ".join(sorted({c.media_type for c in classes}))


def _parse_error(exc, request) -> str:
    content_type = (getattr(request, "content_type", "") or "").split(";")[0].strip()
    if content_type.startswith("multipart/"):
        return _("The body is not a valid multipart form (multipart/form-data).")
    found = re.search(r"line (\d+) column (\d+)", str(exc.detail))
    if found:
        return _("The body is not valid JSON (line %(line)s, column %(column)s).") % {
            "line": found[1], "column": found[2]}
    return _("The body is not valid JSON.")


def _ours(exc, context) -> exceptions.APIException:
    """The exception with our message (DRF's own and Django's are replaced)."""
    request, view = context.get("request"), context.get("view")
    if isinstance(exc, Http404):  # Django's "No Allocation matches the given query."
        return exceptions.NotFound(not_found_message())
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc.args[0]) if exc.args and exc.args[0] else ""
        return exceptions.PermissionDenied(message or _("Your role may not do this."))
    if isinstance(exc, RequestDataTooBig):
        return TooLarge(_("The body is larger than the limit of %(limit)s MB.") % {
            "limit": megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)})
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return exceptions.ParseError(_("The body has too many fields or files."),
                                     code="too_many_fields")
    if isinstance(exc, exceptions.NotAuthenticated):
        return exceptions.NotAuthenticated(_(
            "Not signed in: send your API token as the header “Authorization: Bearer ucj_…”."))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return exceptions.MethodNotAllowed(request.method if request else "", detail=_(
            "The method %(method)s is not allowed at this address.") % {
            "method": request.method if request else "?"})
    if isinstance(exc, exceptions.NotAcceptable):
        renderers = getattr(view, "renderer_classes", None) or []
        return exceptions.NotAcceptable(_(
            "This address answers only %(types)s: change the Accept header.") % {
            "types": _media_types(renderers) or "application/json"})
    if isinstance(exc, exceptions.UnsupportedMediaType):
        parsers = getattr(view, "parser_classes", None) or []
        given = (getattr(request, "content_type", "") or "").split(";")[0].strip()
        return exceptions.UnsupportedMediaType(given, detail=_(
            "The body's type “%(type)s” is not accepted here: send %(accepted)s.") % {
            "type": given or "-", "accepted": _media_types(parsers) or "application/json"})
    if isinstance(exc, exceptions.Throttled):
        wait = exc.wait
        if wait is None:
            detail = _("Too many requests with this token: try again later.")
        else:
            wait = int(wait + 0.999)
            detail = ngettext(
                "Too many requests with this token: try again in %(wait)d second.",
                "Too many requests with this token: try again in %(wait)d seconds.",
                wait) % {"wait": wait}
        throttled = exceptions.Throttled(detail=detail)  # (with wait, DRF appends English)
        throttled.wait = wait
        return throttled
    if isinstance(exc, exceptions.ParseError) and getattr(exc.detail, "code", "") == "parse_error":
        return exceptions.ParseError(_parse_error(exc, request))
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) == str(
            exceptions.NotFound.default_detail):
        return exceptions.NotFound(not_found_message())
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) == str(
            exceptions.PermissionDenied.default_detail):
        return exceptions.PermissionDenied(_("Your role may not do this."))
    return exc


def exception_handler(exc, context):
    """DRF's handler with our messages, and a ``code`` beside every ``detail``."""
    ours = _ours(exc, context)
    if ours is not exc and getattr(exc, "auth_header", None):  # set by the view for 401
        ours.auth_header = exc.auth_header
    exc = ours
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = response.data
    if isinstance(body, dict) and "detail" in body and "code" not in body:
        code = getattr(exc.detail, "code", None) if isinstance(exc, exceptions.APIException) \
            else None
        body["code"] = str(code or getattr(exc, "default_code", "error"))
    return response
