"""The project's URLs plus the floor the receipt API is compared with (bench/dossier_flow.py):
a minimal Django view that writes one row and answers JSON."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from motcua.dossiers.models import CodeCounter


@csrf_exempt
def minimal_write(request: HttpRequest) -> JsonResponse:
    row = CodeCounter.objects.create(prefix=uuid.uuid4().hex[:20], day=dt.date.today())
    return JsonResponse({"id": row.pk}, status=201)


urlpatterns = [
    path("bench/minimal", minimal_write),
    path("", include("motcua.urls")),
]
