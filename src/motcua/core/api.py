"""API plumbing shared by every app: the error body and the lock-out response."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import set_rollback

from motcua.core.errors import DomainError, field_error

# One message per class of failure; field-level details go in "fields".
_MESSAGES = {
    "invalid": lambda: _("The request contains invalid data."),
    "parse_error": lambda: _("The request body could not be read."),
    "not_authenticated": lambda: _("Please sign in to continue."),
    "authentication_failed": lambda: _("Sign-in failed."),
    "permission_denied": lambda: _("You do not have permission to do this."),
    "not_found": lambda: _("Not found."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "throttled": lambda: _("Too many requests; please try again later."),
    "unsupported_media_type": lambda: _("Unsupported content type."),
    "not_acceptable": lambda: _("The requested format is not available."),
}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF nests errors for nested serializers; integrators get dotted field paths instead."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                out.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every 4xx body is ``{"code", "message", "fields"}``; nothing is half-written."""
    if isinstance(exc, DomainError):
        set_rollback()
        return Response(exc.as_dict(), status=exc.status_code, headers=exc.headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let it surface as 500 and be logged

    set_rollback()
    headers = {}
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(wait))

    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        fields = _flatten(exc.detail)
        message = _MESSAGES[code]()
        if set(fields) == {"non_field_errors"} and len(fields["non_field_errors"]) == 1:
            message = fields["non_field_errors"][0]
    else:
        code = exc.default_code
        fields = {}
        message = str(exc.detail) if isinstance(exc.detail, str) else _MESSAGES["invalid"]()
        if code in _MESSAGES:
            message = _MESSAGES[code]()
    return Response(error_body(code, message, fields), status=exc.status_code, headers=headers)


def axes_lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    message = _(
        "Too many failed sign-in attempts. The account is locked for a while; try again later."
    )
    if request.path.startswith("/api/"):
        body = error_body("locked_out", message)
        return JsonResponse(body, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return render(
        request,
        "core/locked_out.html",
        {"message": message},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return JsonResponse(error_body("not_found", _MESSAGES["not_found"]()), status=404)


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (API-CONTRACT.md, "Errors")."""

    code = serializers.CharField(help_text="Machine-readable reason, e.g. transition_not_allowed.")
    message = serializers.CharField(help_text="What went wrong, in Vietnamese.")
    # The error body's name for them; it shadows Serializer.fields (unknown to the stubs).
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (dotted paths for nested fields).",
    )


# A model serializer whose fields are derived from the model once per class, not on every
# instance: building them costs a detail response more than its queries. Only for serializers
# whose fields do not depend on the request. (A comment, not a docstring: drf-spectacular would
# publish a docstring as the description of every schema that uses the mixin.)
class BuiltOnceMixin:
    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()  # type: ignore[misc]
            cls._built_fields = built  # type: ignore[attr-defined]  # kept on the class
        return copy.deepcopy(built)


# --- shared by the apps' API views ------------------------------------------------------------
# The answers a write may get besides its success, for the schema.
WRITE_ERRORS = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    422: ErrorSerializer,
}


PERIOD = [
    OpenApiParameter("from", str, description="First day, YYYY-MM-DD"),
    OpenApiParameter("to", str, description="Last day, YYYY-MM-DD"),
]


def period(request: Request) -> tuple[dt.date, dt.date]:
    """``from``/``to`` query parameters (both inclusive); defaults: this year so far."""
    today = timezone.localdate()
    values: dict[str, dt.date] = {}
    errors: dict[str, list[str]] = {}
    for name, default in (("from", dt.date(today.year, 1, 1)), ("to", today)):
        raw = request.query_params.get(name)
        if not raw:
            values[name] = default
            continue
        try:
            day = parse_date(raw)
        except ValueError:
            day = None
        if day is None:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
        else:
            values[name] = day
    if not errors and values["to"] < values["from"]:
        errors["to"] = [_("The end is before the start.")]
    if errors:
        raise DomainError(_("The period is not valid."), code="invalid", fields=errors)
    return values["from"], values["to"]


def year_param(request: Request) -> int | None:
    """The ``year`` of a query (a list of a year's plans), if given."""
    year = request.query_params.get("year")
    if not year:
        return None
    if not year.isdigit() or len(year) > 4:
        raise field_error("year", _("Enter a year."))
    return int(year)


class Bounds(TypedDict):
    """An integer field's bounds, spelled out: Django derives them from the database (64-bit
    on SQLite, smallint/int on PostgreSQL), and the published schema must not depend on the
    engine."""

    min_value: int
    max_value: int


SMALL: Bounds = {"min_value": 0, "max_value": 32767}
INT32: Bounds = {"min_value": 0, "max_value": 2_147_483_647}
