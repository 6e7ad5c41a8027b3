"""The project's URLs plus two floors the receipt API is compared with (bench/dossier_flow.py):

* ``bench/minimal`` — a Django view that writes one row and answers JSON;
* ``bench/minimal-receipt`` — the plainest Django view that writes the same receipt: the JSON
  body read, the procedure's version looked up, the desk's daily counter advanced, the dossier,
  its documents and its journal event inserted, the code answered. No authentication,
  validation, permission, deadline from the working calendar, idempotency, notification or
  statistics — what the API adds on top of the writes themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import CodeCounter, Dossier, DossierDocument, DossierEvent


@csrf_exempt
def minimal_write(request: HttpRequest) -> JsonResponse:
    row = CodeCounter.objects.create(prefix=uuid.uuid4().hex[:20], day=dt.date.today())
    return JsonResponse({"id": row.pk}, status=201)


@csrf_exempt
def minimal_receipt(request: HttpRequest) -> JsonResponse:
    body = json.loads(request.body)
    now = timezone.now()
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .filter(procedure__code=body["procedure"], source="province")
        .latest("id")
    )
    agency = Agency.objects.get(code=body["agency"])
    with transaction.atomic():
        counter, _created = CodeCounter.objects.select_for_update().get_or_create(
            prefix=f"{agency.code}-M", day=now.date()
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        dossier = Dossier.objects.create(
            code=f"{agency.code}-M-{now:%y%m%d}-{counter.last:04d}",
            procedure=version.procedure,
            version=version,
            regime="nd61-2018",
            channel=body["channel"],
            receiving_agency=agency,
            deciding_agency=agency,
            holder=agency,
            state=2,
            applicant_name=body["applicant"]["name"],
            applicant_folded=body["applicant"]["name"].lower(),
            phone=body["applicant"].get("phone", ""),
            received_at=now,
            due_at=now + dt.timedelta(days=28),
            revision=1,
        )
        DossierDocument.objects.bulk_create(
            DossierDocument(dossier=dossier, name=d["name"], originals=d.get("originals", 0))
            for d in body["documents"]
        )
        DossierEvent.objects.create(
            dossier=dossier, sequence=1, at=now, action="receive", to_state=2, agency=agency
        )
    return JsonResponse({"code": dossier.code, "state": dossier.state}, status=201)


urlpatterns = [
    path("bench/minimal", minimal_write),
    path("bench/minimal-receipt", minimal_receipt),
    path("", include("motcua.urls")),
]
