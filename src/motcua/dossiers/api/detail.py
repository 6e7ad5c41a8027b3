"""The API's detail of one dossier (``GET /api/v1/dossiers/<code>``, and the answer to every
action), read with plain queries and written directly.

Through the ORM the detail compiled eight queries and built DRF's nested serializers for every
request: most of the time of a look-up by code, which issue 4 wants within 20 ms (p95) at a
million dossiers. ``DossierDetailSerializer`` stays the description of this answer (the OpenAPI
schema); tests/dossiers/test_api.py checks that both write the same for dossiers with scans,
steps, a result and a journal.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.dossiers import selectors
from motcua.dossiers.api.serializers import LIST_COLUMNS, _iso, list_row
from motcua.dossiers.models import (
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
)
from motcua.dossiers.selectors import LABELS

_AGENCY = Agency._meta.db_table
_USER = get_user_model()._meta.db_table

# The dossier with the codes and the name a list shows, named as ``selectors.LABELS`` names
# them; then its rows of each kind, with the agency's code and the person's username each shows.
_DOSSIER = f"""
    SELECT d.*, p.code AS "procedure__code", v.name AS "version__name",
           da.code AS "deciding_agency__code", ra.code AS "receiving_agency__code",
           h.code AS "holder__code"
    FROM {Dossier._meta.db_table} d
    JOIN {Procedure._meta.db_table} p ON p.id = d.procedure_id
    JOIN {ProcedureVersion._meta.db_table} v ON v.id = d.version_id
    JOIN {_AGENCY} da ON da.id = d.deciding_agency_id
    JOIN {_AGENCY} ra ON ra.id = d.receiving_agency_id
    JOIN {_AGENCY} h ON h.id = d.holder_id
    WHERE d.code = %s
"""  # noqa: S608 - table names only
_STEPS = f"""
    SELECT s.*, a.code AS agency_code, u.username AS assignee_username
    FROM {DossierStep._meta.db_table} s
    JOIN {_AGENCY} a ON a.id = s.agency_id
    LEFT JOIN {_USER} u ON u.id = s.assignee_id
    WHERE s.dossier_id = %s ORDER BY s.id
"""  # noqa: S608
_DOCUMENTS = f"""
    SELECT * FROM {DossierDocument._meta.db_table} WHERE dossier_id = %s ORDER BY id
"""  # noqa: S608
_SCANS = f"""
    SELECT c.*, u.username AS vouched_by_username
    FROM {DigitizedCopy._meta.db_table} c
    LEFT JOIN {_USER} u ON u.id = c.vouched_by_id
    WHERE c.dossier_id = %s ORDER BY c.id
"""  # noqa: S608
_EVENTS = f"""
    SELECT e.*, a.code AS agency_code, u.username AS actor_username
    FROM {DossierEvent._meta.db_table} e
    JOIN {_AGENCY} a ON a.id = e.agency_id
    LEFT JOIN {_USER} u ON u.id = e.actor_id
    WHERE e.dossier_id = %s ORDER BY e.sequence
"""  # noqa: S608


def detail(user, code: str, roles) -> dict:
    """The dossier ``code`` as ``DossierDetailSerializer`` writes it, if ``user`` may see it
    (``roles``: the caller's, as ``caller_roles`` gives them). Not found and not visible look
    the same."""
    dossier = next(iter(Dossier.objects.raw(_DOSSIER, [code])), None)
    if dossier is None:
        raise selectors.no_such_dossier(code)
    steps = list(DossierStep.objects.raw(_STEPS, [dossier.pk]))
    if not selectors.may_see(user, dossier, [step.agency_id for step in steps]):
        raise selectors.no_such_dossier(code)
    documents = list(DossierDocument.objects.raw(_DOCUMENTS, [dossier.pk]))
    scans = list(DigitizedCopy.objects.raw(_SCANS, [dossier.pk]))
    events = DossierEvent.objects.raw(_EVENTS, [dossier.pk])
    by_document: dict[int, list[dict]] = {}
    for scan in scans:
        if scan.document_id is not None:
            by_document.setdefault(scan.document_id, []).append(_scan(scan))
    row = list_row({name: getattr(dossier, name) for name in (*LIST_COLUMNS, *LABELS)}, roles)
    return {
        **row,
        "regime": dossier.regime,
        "limit_text": dossier.limit_text,
        "transfer_due_at": _iso(dossier.transfer_due_at),
        "originals_due_at": _iso(dossier.originals_due_at),
        "resolved_at": _iso(dossier.resolved_at),
        "returned_at": _iso(dossier.returned_at),
        "result_number": dossier.result_number,
        "result_date": dossier.result_date.isoformat() if dossier.result_date else None,
        "result_signer": dossier.result_signer,
        "applicant": {
            "name": dossier.applicant_name,
            "kind": dossier.applicant_kind,
            "id_number": dossier.id_number,
            "phone": dossier.phone,
            "email": dossier.email,
            "address": dossier.address,
            "representative_name": dossier.representative_name,
        },
        "documents": [
            {
                "id": document.pk,
                "required": document.required_id,
                "name": document.name,
                "originals": document.originals,
                "copies": document.copies,
                "scan_exemption": document.scan_exemption,
                "scans": by_document.get(document.pk, []),
            }
            for document in documents
        ],
        "result_scans": [_scan(s) for s in scans if s.kind == DigitizedCopy.Kind.RESULT],
        "steps": [
            {
                "order": step.order,
                "agency": step.agency_code,
                "actor": step.actor,
                "action": step.action,
                "assignee": step.assignee_username,
                "started_at": _iso(step.started_at),
                "due_at": _iso(step.due_at),
                "finished_at": _iso(step.finished_at),
                "outcome": step.outcome,
            }
            for step in steps
        ],
        "journal": [
            {
                "sequence": event.sequence,
                "at": _iso(event.at),
                "actor": event.actor_username,
                "action": event.action,
                "from_state": event.from_state,
                "to_state": event.to_state,
                "agency": event.agency_code,
                "step": event.step,
                "due_before": _iso(event.due_before),
                "due_after": _iso(event.due_after),
                "note": event.note,
                "data": event.data,
            }
            for event in events
        ],
    }


def _scan(scan: DigitizedCopy) -> dict:
    return {
        "id": scan.pk,
        "kind": scan.kind,
        "name": scan.name,
        "content_type": scan.content_type,
        "size": scan.size,
        "sha256": scan.sha256,
        "pages": scan.pages,
        "vouched_by": scan.vouched_by_username,
        "vouched_at": _iso(scan.vouched_at),
    }
