"""Reception: a dossier handed in at the counter (``receive``), submitted on the portal
(``submit_online``), and the papers an applicant sends when asked (``supplement_online``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.agencies import selectors as agency_selectors
from motcua.agencies.models import Agency
from motcua.catalog.models import Channel, ProcedureVersion
from motcua.core.codes import format_dossier_code
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.regimes import CENTRALISED_DOSSIER_CODES, regime_on
from motcua.core.text import fold, nfc
from motcua.dossiers import digitization, journal, selectors
from motcua.dossiers.models import CodeCounter, Dossier, DossierDocument, State
from motcua.dossiers.services.common import (
    calendar_of,
    moment,
    refusal_reason,
    schedule_of,
    start_clock,
    supplement_items,
)
from motcua.dossiers.services.processing import act
from motcua.dossiers.services.terms import Terms, terms

# At reception the officer decides: complete, incomplete (the supplement slip), or not admissible.
OUTCOMES = {
    "accept": State.RECEIVED,
    "request_supplement": State.SUPPLEMENT,
    "refuse": State.REFUSED,
}


@dataclass
class Applicant:
    name: str
    kind: str = Dossier.ApplicantKind.PERSON
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    admin_unit_id: int | None = None
    representative_name: str = ""
    representative_id_number: str = ""


@dataclass
class Handed:
    """A document handed in: a required document of the version (by id) or another paper."""

    required_id: int | None = None
    name: str = ""
    originals: int = 0
    copies: int = 0
    scan_exemption: str = ""  # why it needs no scan (Circular 03/2025 Art. 5(2)), if it does not


@dataclass
class Attached:
    """A file submitted online for the ``document``-th document handed in: new bytes, or a copy
    the applicant already has in their data store (``reuse_id``)."""

    document: int
    name: str = ""
    data: bytes = b""
    reuse_id: int | None = None


@dataclass
class Outcome:
    action: str = "accept"
    missing: list[str] = field(default_factory=list)  # the supplement slip, all at once
    reason: str = ""  # the refusal slip


def _next_code(agency: Agency, day: dt.date, system: str = "") -> str:
    """The next code of the day for ``agency``: the counter row is locked until the receipt
    commits, so two receipts never share a sequence and a sequence is never reused. A
    centralised service's codes (``system``: its AA) count apart."""
    table = CodeCounter._meta.db_table
    prefix = f"{agency.code}/{system}" if system else agency.code
    with connection.cursor() as cursor:
        # One statement: created at 1 or added to, and (PostgreSQL) locked until the commit.
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [prefix, day],
        )
        (last,) = cursor.fetchone()
    return format_dossier_code(agency.code, day, last, system or None)


def _new_dossier(
    terms: Terms,
    *,
    day: dt.date,
    receiving: Agency,
    deciding: Agency,
    channel: str,
    applicant: Applicant,
    state: int,
    result_delivery: str,
    creator,
    **more: Any,
) -> Dossier:
    """A new dossier of ``day`` with its code, the terms of its procedure and its applicant."""
    value, unit, text = terms.limit
    # A nationally centralised service numbers its dossiers by the deciding agency and the
    # system's AA (Circular 04/2025, from 25/01/2026); the others by the receiving desk.
    system = terms.version.centralised_system
    if system and CENTRALISED_DOSSIER_CODES.in_force_on(day):
        code = _next_code(deciding, day, system)
    else:
        code = _next_code(receiving, day)
    return Dossier(
        code=code,
        procedure=terms.version.procedure,
        version=terms.version,
        regime=regime_on(day).key,
        channel=channel,
        receiving_agency=receiving,
        deciding_agency=deciding,
        holder=receiving,
        process=terms.process,
        state=state,
        **_applicant_fields(applicant),
        result_delivery=result_delivery or channel,
        limit_value=value,
        limit_unit=unit,
        limit_text=text,
        cutoff_seconds=terms.cutoff,
        calendar_version=terms.calendar_version,
        schedule=schedule_of(deciding),
        created_by=creator if getattr(creator, "is_authenticated", False) else None,
        revision=1,
        **more,
    )


@transaction.atomic
def receive(
    *,
    procedure_code: str,
    deciding_agency: Agency,
    receiving_agency: Agency,
    channel: str,
    applicant: Applicant,
    documents: list[Handed],
    outcome: Outcome | None = None,
    user=None,
    at: dt.datetime | None = None,
    result_delivery: str = "",
) -> Dossier:
    """A dossier handed in at the counter (or by post): complete → received, with its code and
    appointment; incomplete → the supplement request, listing every missing paper; not
    admissible → refused with reasons. Online submissions come in through ``submit_online``."""
    outcome = outcome or Outcome()
    at = moment(at)
    if outcome.action not in OUTCOMES:
        raise DomainError(
            _("Unknown reception outcome."), code="invalid", fields={"outcome": [outcome.action]}
        )
    day = timezone.localdate(at)
    # An agency that has ended points to its successor before anything else is said about it.
    agency_selectors.open_on(receiving_agency, day, "receiving_agency")
    agency_selectors.open_on(deciding_agency, day, "deciding_agency")
    if user is not None and not can(user, Perm.DOSSIER_RECEIVE, receiving_agency):
        raise PermissionDenied(
            _("You may not receive dossiers at %(agency)s.") % {"agency": receiving_agency.name},
            code="not_allowed",
        )
    found = terms(procedure_code, day, deciding_agency, channel)
    # The same checks as the actions of the same names (services.processing).
    missing = supplement_items(outcome.missing) if outcome.action == "request_supplement" else []
    reason = refusal_reason(outcome.reason) if outcome.action == "refuse" else ""
    dossier = _new_dossier(
        found,
        day=day,
        receiving=receiving_agency,
        deciding=deciding_agency,
        channel=channel,
        applicant=applicant,
        state=OUTCOMES[outcome.action],
        result_delivery=result_delivery,
        creator=user,
    )
    if dossier.state == State.RECEIVED:
        start_clock(dossier, at)
    elif dossier.state == State.SUPPLEMENT:
        dossier.resume_state = State.RECEIVED  # the clock starts when the papers are complete
    dossier.save()
    _hand_in(dossier, found.version, documents)
    journal.record(
        dossier,
        "receive",
        saved=True,
        at=at,
        actor=user,
        from_state=None,
        due_before=None,
        note=reason or "\n".join(missing),
        data={
            "outcome": outcome.action,
            "missing": missing,
            **({"received_at": at.isoformat()} if dossier.received_at else {}),
        },
    )
    return dossier


@transaction.atomic
def submit_online(
    *,
    procedure_code: str,
    agency: Agency,
    applicant: Applicant,
    documents: list[Handed],
    attachments: list[Attached],
    owner,
    at: dt.datetime | None = None,
    result_delivery: str = "",
    papers_checked_elsewhere: bool = False,
) -> Dossier:
    """A dossier submitted on the portal: it gets its code and waits in state 1 for the one-stop
    officer's check (``accept``, ``request_supplement`` or ``refuse``). Only a procedure the
    province offers online (partly or fully) on that day can be submitted.
    ``papers_checked_elsewhere``: submitted on the national portal, which named its papers by its
    own record; the desk checks them at reception."""
    at = moment(at)
    day = timezone.localdate(at)
    agency_selectors.open_on(agency, day)
    found = terms(procedure_code, day, agency, Channel.ONLINE)
    version = found.version
    if version.online == ProcedureVersion.Online.NONE:
        raise DomainError(
            _("This procedure is not offered online; submit it at the one-stop desk."),
            code="not_online",
            fields={"procedure": [_("Not offered online.")]},
        )
    if not selectors.deciding_agencies(version, day).filter(pk=agency.pk).exists():
        raise DomainError(
            _("%(agency)s does not carry out this procedure.") % {"agency": agency.name},
            code="invalid",
            fields={"agency": [_("Not an agency of this procedure.")]},
        )
    missing = (
        []
        if papers_checked_elsewhere
        else selectors.missing_documents(version, {h.required_id for h in documents})
    )
    if missing:
        raise DomainError(
            _("Attach every required document: %(names)s.") % {"names": "; ".join(missing)},
            code="documents_missing",
            fields={"documents": missing},
        )
    if owner is not None and getattr(owner, "is_applicant", False) and not owner.is_active:
        raise PermissionDenied(_("This account is disabled."), code="not_allowed")
    dossier = _new_dossier(
        found,
        day=day,
        receiving=agency,
        deciding=agency,
        channel=Channel.ONLINE,
        applicant=applicant,
        state=State.SUBMITTED,
        result_delivery=result_delivery,
        creator=owner,
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        submitted_at=at,
    )
    dossier.check_due_at = calendar_of(dossier).add_working_hours(at, settings.ONLINE_CHECK_HOURS)
    dossier.save()
    _hand_in(dossier, version, documents)
    stored = digitization.store_online(dossier, attachments, at=at)
    journal.record(
        dossier,
        "submit",
        saved=True,
        at=at,
        actor=owner,
        from_state=None,
        due_before=None,
        data={"files": [{"name": c.name, "sha256": c.sha256} for c in stored]},
    )
    return dossier


def _applicant_fields(applicant: Applicant) -> dict[str, Any]:
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": nfc(applicant.name).strip(),
        "applicant_folded": fold(applicant.name)[:255],
        "id_number": applicant.id_number.strip(),
        "phone": applicant.phone.strip(),
        "email": applicant.email.strip(),
        "address": nfc(applicant.address).strip(),
        "admin_unit_id": applicant.admin_unit_id,
        "representative_name": nfc(applicant.representative_name).strip(),
        "representative_id_number": applicant.representative_id_number.strip(),
    }


@transaction.atomic
def supplement_online(
    code: str, applicant, papers: list[tuple[str, str, bytes]], *, at: dt.datetime | None = None
) -> Dossier:
    """The applicant sends the papers the desk asked for, from the portal: each ``(what was
    asked, file name, bytes)`` becomes a document of the dossier with its file, and the dossier
    goes back to where the request paused it."""
    at = moment(at)
    dossier = journal.lock(code)
    if dossier.owner_id != getattr(applicant, "pk", None):
        raise NotFound(_("Dossier %(code)s does not exist.") % {"code": code}, code="not_found")
    if dossier.state != State.SUPPLEMENT:
        raise Conflict(_("No papers are asked for on this dossier now."), code="nothing_asked")
    if not papers:
        raise DomainError(
            _("Attach the papers asked for."),
            code="invalid",
            fields={"papers": [_("This field is required.")]},
        )
    first = dossier.documents.count()
    DossierDocument.objects.bulk_create(
        DossierDocument(dossier=dossier, name=nfc(asked)[:1000] or _("Paper"), copies=1)
        for asked, _name, _data in papers
    )
    digitization.store_online(
        dossier,
        [
            Attached(document=first + i, name=name, data=data)
            for i, (_asked, name, data) in enumerate(papers)
        ],
        at=at,
    )
    return act(code, "supplement", applicant=applicant, at=at)


def _hand_in(dossier: Dossier, version: ProcedureVersion, documents: list[Handed]) -> None:
    wanted = {h.required_id for h in documents if h.required_id is not None}
    required = {d.pk: d for d in version.documents.filter(pk__in=wanted)} if wanted else {}
    rows = []
    for index, handed in enumerate(documents):
        if handed.required_id is not None and handed.required_id not in required:
            raise DomainError(
                _("Document %(id)s is not one this procedure asks for.")
                % {"id": handed.required_id},
                code="invalid",
                fields={f"documents.{index}.document": [_("Not a document of this procedure.")]},
            )
        name = required[handed.required_id].name if handed.required_id else nfc(handed.name)
        if not name.strip():
            raise DomainError(
                _("A document needs a name."),
                code="invalid",
                fields={f"documents.{index}.name": [_("This field is required.")]},
            )
        rows.append(
            DossierDocument(
                dossier=dossier,
                required_id=handed.required_id,
                name=name[:1000],
                originals=handed.originals,
                copies=handed.copies,
                scan_exemption=handed.scan_exemption,
            )
        )
    DossierDocument.objects.bulk_create(rows)
