"""Pages answer a domain error the way the API does: a clear message and a 4xx, never a 500.

What no endpoint can take is refused here, once, for pages and API alike, before any view runs:

* a null character in the path, a query parameter or a form field: no text column may store one
  (PostgreSQL answers it with an error, not an answer), and no real input carries one;
* a whole number in the path or the query beyond 64 bits: no column or offset holds it
  (PostgreSQL's bigint overflows, Python's arithmetic does not stop it);
* a date in the path or the query (``YYYY-MM``, ``YYYY-MM-DD``, or a moment) outside the working
  calendar's years: every period, deadline and report is counted on that calendar, and dates far
  outside it overflow on the way to UTC.

Bodies get the same treatment from their parsers (``core.parsers``) and forms."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError, field_error


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.MAX_REQUEST_BYTES:
            message = _("The request is larger than %(mb)s MB.") % {
                "mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)
            }
            return answer(request, DomainError(message, code="too_large", status=413))
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        """After the address is resolved, so that a method the view does not take is still
        answered 405 by the view, whatever the request holds."""
        cls = getattr(view, "cls", None)  # an API view: it answers 405 itself
        if cls is not None and not hasattr(cls, (request.method or "").lower()):
            return None
        if "\x00" in request.path:
            return answer(request, field_error("path", _("The address holds a null character.")))
        for segment in request.path.split("/"):
            if (error := out_of_range("path", segment)) is not None:
                return answer(request, error)
        try:
            parameters = list(_parameters(request))
        except (MultiPartParserError, SuspiciousOperation, UnicodeDecodeError):
            message = _("The request body could not be read.")
            return answer(request, DomainError(message, code="parse_error"))
        for name, values in parameters:
            if "\x00" in name or any("\x00" in value for value in values):
                name = name.replace("\x00", "")[:40]
                message = _("The parameter %(name)s holds a null character.") % {"name": name}
                return answer(request, field_error(name, message))
        for name, values in parameters:
            for value in values:
                if (error := out_of_range(name, value)) is not None:
                    return answer(request, error)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return answer(request, exception)


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _parameters(request: HttpRequest):
    """The query's parameters, and a submitted form's fields (pages post forms; the API's JSON
    bodies go through its serializers, which refuse the character themselves)."""
    yield from request.GET.lists()
    if request.method == "POST" and request.content_type in FORMS:
        yield from request.POST.lists()


INT64 = 2**63 - 1
WHOLE = re.compile(r"[+-]?\d+")
# A month, a day or a moment: the year, then what a date of the calendar looks like.
DATE = re.compile(r"(\d{4,})-\d{1,2}(?:-\d{1,2}(?:[T ].*)?)?", re.DOTALL)


def out_of_range(name: str, value: str) -> DomainError | None:
    """The refusal for a query or body value no endpoint can use, or None."""
    value = value.strip()
    field = name[:80] or "non_field_errors"
    # Compared as text first: Python refuses to convert a number of thousands of digits.
    if WHOLE.fullmatch(value) and (len(value) > 20 or abs(int(value)) > INT64):
        return too_large(field)
    if match := DATE.fullmatch(value):
        first, last = settings.WORKDAYS_FIRST_YEAR, settings.WORKDAYS_LAST_YEAR
        if not first <= int(match.group(1)) <= last:
            message = _("The date is outside the working calendar (%(first)s–%(last)s).") % {
                "first": first,
                "last": last,
            }
            return field_error(field, message, "out_of_calendar_range")
    return None


def too_large(field: str) -> DomainError:
    return field_error(field, _("The number is too large."))


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def answer(request: HttpRequest, error: DomainError) -> HttpResponse:
    """``error`` as the API's error body under /api/, as the error page elsewhere."""
    status = error.status_code
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=status)
    return render(
        request, "core/error.html", {"message": error.message, "code": error.code}, status=status
    )
