from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from motcua.core.api import api_not_found, error_body


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
    fields to read): the API's error body under /api/, the error page elsewhere."""
    from django.utils.translation import gettext as _

    message = _("The request could not be read.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("bad_request", message), status=400)
    return render(
        request, "core/error.html", {"message": message, "code": "bad_request"}, status=400
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """A bug: logged by Django; the caller gets the error body (API) or a plain page."""
    from django.utils.translation import gettext as _

    message = _("Something went wrong on our side. Please try again later.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error", message), status=500)
    return render(
        request, "core/error.html", {"message": message, "code": "server_error"}, status=500
    )
