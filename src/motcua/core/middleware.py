"""Pages answer a domain error the way the API does: a clear message and a 4xx, never a 500.

A query parameter or a form field holding a null character is refused here for pages and API
alike: no text column may store one (PostgreSQL refuses it with an error, not an answer), and no
real input carries one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in _parameters(request):
            if "\x00" in name or any("\x00" in value for value in values):
                return _refused(request, name.replace("\x00", ""))
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        return render(
            request,
            "core/error.html",
            {"message": exception.message, "code": exception.code},
            status=exception.status_code,
        )


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _parameters(request: HttpRequest):
    """The query's parameters, and a submitted form's fields (pages post forms; the API's JSON
    bodies go through its serializers, which refuse the character themselves)."""
    yield from request.GET.lists()
    if request.method == "POST" and request.content_type in FORMS:
        yield from request.POST.lists()


def _refused(request: HttpRequest, name: str) -> HttpResponse:
    message = _("The parameter %(name)s holds a null character.") % {"name": name[:40]}
    error = DomainError(message, code="invalid", fields={name[:40]: [message]})
    if request.path.startswith("/api/"):
        return JsonResponse(error.as_dict(), status=400)
    return render(
        request, "core/error.html", {"message": error.message, "code": error.code}, status=400
    )
