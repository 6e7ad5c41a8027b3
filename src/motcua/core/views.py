from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from motcua.core.api import api_not_found, error_body
from motcua.core.errors import DomainError
from motcua.core.middleware import answer


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@csrf_exempt  # any method on an unknown API path answers the JSON 404, never a CSRF page
def api_not_found_view(request: HttpRequest, rest: str) -> HttpResponse:
    return api_not_found(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's own 400 (a suspicious request: a host not allowed, a body too large or too many
    fields to read), answered as every other refusal."""
    return answer(request, DomainError(_("The request could not be read."), code="bad_request"))


def server_error(request: HttpRequest) -> HttpResponse:
    """A bug: logged by Django; the caller gets the error body (API) or a plain page."""
    message = _("Something went wrong on our side. Please try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", message), status=500)
    # No template, no context processors: whatever failed may fail again while drawing a page.
    page = f'<!doctype html><html lang="vi"><meta charset="utf-8"><p role="alert">{message}</p>'
    return HttpResponse(page, status=500)
