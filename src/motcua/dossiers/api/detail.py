"""The API's detail of one dossier (``GET /api/v1/dossiers/<code>``, and the answer to every
action): the rows ``shapes.DETAIL`` and its nested shapes read, a query a kind, written directly.

Through the ORM the detail compiled eight queries and built DRF's nested serializers for every
request: most of the time of a look-up by code, which issue 4 wants within 20 ms (p95) at a
million dossiers. tests/dossiers/test_api.py checks that the generated serializer writes the same
for dossiers with scans, steps, a result and a journal.
"""

from __future__ import annotations

from motcua.core.shapes import read
from motcua.dossiers import selectors
from motcua.dossiers.api.shapes import DETAIL, EVENT, HANDED_IN, SCAN, STEP
from motcua.dossiers.models import (
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
)

# What deciding who may see a dossier needs besides what it shows.
_WHO = ("id", "owner_id", "receiving_agency_id", "deciding_agency_id", "holder_id")


def detail(user, code: str, context: dict) -> dict:
    """The dossier ``code`` as ``DETAIL`` writes it, if ``user`` may see it (``context``: the
    caller's, as ``shapes.caller_roles`` keeps it). Not found and not visible look the same."""
    found = read(Dossier.objects.filter(code=code), DETAIL, *_WHO)
    if not found:
        raise selectors.no_such_dossier(code)
    row = found[0]
    pk = row["id"]
    steps = read(DossierStep.objects.filter(dossier_id=pk).order_by("id"), STEP, "agency_id")
    if not selectors.may_see(user, row, [step["agency_id"] for step in steps]):
        raise selectors.no_such_dossier(code)
    documents = read(DossierDocument.objects.filter(dossier_id=pk).order_by("id"), HANDED_IN)
    scans = read(DigitizedCopy.objects.filter(dossier_id=pk).order_by("id"), SCAN, "document_id")
    by_document: dict[int, list[dict]] = {}
    for scan in scans:
        if scan["document_id"] is not None:
            by_document.setdefault(scan["document_id"], []).append(scan)
    for document in documents:
        document["scans"] = by_document.get(document["id"], [])
    row["documents"] = documents
    row["result_scans"] = [s for s in scans if s["kind"] == DigitizedCopy.Kind.RESULT]
    row["steps"] = steps
    row["journal"] = read(DossierEvent.objects.filter(dossier_id=pk).order_by("sequence"), EVENT)
    return DETAIL.write(row, context)
