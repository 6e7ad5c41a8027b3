"""The API's detail of one dossier (``GET /api/v1/dossiers/<code>``, and the answer to every
action): the rows ``shapes.DETAIL`` and its nested shapes read, a query a kind compiled once,
written directly.

Through the ORM the detail compiled eight queries and built DRF's nested serializers for every
request: most of the time of a look-up by code, which issue 4 wants within 20 ms (p95) at a
million dossiers. tests/dossiers/test_api.py checks that the generated serializer writes the same
for dossiers with scans, steps, a result and a journal.
"""

from __future__ import annotations

from motcua.core.shapes import Query
from motcua.dossiers import selectors
from motcua.dossiers.api.shapes import DETAIL, EVENT, HANDED_IN, SCAN, STEP
from motcua.dossiers.models import (
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
)

# The dossier, with what deciding who may see it needs besides what it shows.
_DOSSIER = Query(
    lambda code: Dossier.objects.filter(code=code),
    DETAIL,
    *("id", "owner_id", "receiving_agency_id", "deciding_agency_id", "holder_id"),
)
_STEPS = Query(
    lambda pk: DossierStep.objects.filter(dossier_id=pk).order_by("id"), STEP, "agency_id"
)
_DOCUMENTS = Query(
    lambda pk: DossierDocument.objects.filter(dossier_id=pk).order_by("id"), HANDED_IN
)
_SCANS = Query(
    lambda pk: DigitizedCopy.objects.filter(dossier_id=pk).order_by("id"), SCAN, "document_id"
)
_EVENTS = Query(lambda pk: DossierEvent.objects.filter(dossier_id=pk).order_by("sequence"), EVENT)


def detail(user, code: str, context: dict) -> dict:
    """The dossier ``code`` as ``DETAIL`` writes it, if ``user`` may see it (``context``: the
    caller's, as ``shapes.caller_roles`` keeps it). Not found and not visible look the same."""
    found = _DOSSIER(code)
    if not found:
        raise selectors.no_such_dossier(code)
    row = found[0]
    pk = row["id"]
    steps = _STEPS(pk)
    if not selectors.may_see(user, row, [step["agency_id"] for step in steps]):
        raise selectors.no_such_dossier(code)
    documents = _DOCUMENTS(pk)
    scans = _SCANS(pk)
    by_document: dict[int, list[dict]] = {}
    for scan in scans:
        if scan["document_id"] is not None:
            by_document.setdefault(scan["document_id"], []).append(scan)
    for document in documents:
        document["scans"] = by_document.get(document["id"], [])
    row["documents"] = documents
    row["result_scans"] = [s for s in scans if s["kind"] == DigitizedCopy.Kind.RESULT]
    row["steps"] = steps
    row["journal"] = _EVENTS(pk)
    return DETAIL.write(row, context)
