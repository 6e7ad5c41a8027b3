"""The one-stop shop's writes. Every change of a dossier goes through here, in one transaction that
writes the new state and one journal event (DESIGN rule 1); the allowed moves are
``transitions.TABLE``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.agencies.models import Agency
from motcua.catalog import selectors as catalog
from motcua.catalog.models import (
    Channel,
    InternalProcess,
    Procedure,
    ProcedureVersion,
    TimeLimit,
)
from motcua.core import reference
from motcua.core.codes import format_dossier_code
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.core.regimes import regime_on
from motcua.core.text import fold, nfc
from motcua.dossiers import deadlines, events, transitions
from motcua.dossiers.models import (
    CodeCounter,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    State,
)
from motcua.workdays import selectors as workdays
from motcua.workdays.calendar import LEGAL_DAY, WorkCalendar, quarter_days

# At reception the officer decides: complete, incomplete (the supplement slip), or not admissible.
OUTCOMES = {
    "accept": State.RECEIVED,
    "request_supplement": State.SUPPLEMENT,
    "refuse": State.REFUSED,
}
PAUSED = (State.SUPPLEMENT, State.PAYMENT)


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


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _calendar(dossier: Dossier) -> WorkCalendar:
    return workdays.calendar(dossier.calendar_version or None, dossier.schedule or "default")


def _schedule(agency: Agency) -> str:
    if agency.office_schedule_id is None:  # the agency is at hand: no look-up by its code
        return "default"
    return workdays.schedule_for_agency(agency.code) or "default"


def _cutoff(version: ProcedureVersion) -> int | None:
    if version.cutoff is None:
        return None
    return version.cutoff.hour * 3600 + version.cutoff.minute * 60


def _limit(version: ProcedureVersion, channel: str) -> tuple[Decimal | None, str, str]:
    """The time limit of ``version`` for ``channel``: (value, unit, text as published). With
    several sub-cases the longest applies until the officer picks one (the applicant is never
    promised less than the law allows)."""
    rows = [t for t in version.time_limits.all() if t.channel == channel] or list(
        version.time_limits.all()
    )
    usable = [
        t
        for t in rows
        if t.value is not None
        and t.unit in (TimeLimit.Unit.WORKING_DAYS, TimeLimit.Unit.HOURS, TimeLimit.Unit.DAYS)
    ]
    if not usable:
        text = "; ".join(t.text for t in rows if t.text)
        return None, "", text[:500]
    in_seconds = {
        TimeLimit.Unit.WORKING_DAYS: LEGAL_DAY,
        TimeLimit.Unit.HOURS: 3600,
        TimeLimit.Unit.DAYS: LEGAL_DAY * 5 // 7,  # only to compare
    }
    chosen = max(usable, key=lambda t: t.value * in_seconds[t.unit])
    return chosen.value, chosen.unit, (chosen.text or f"{chosen.value} {chosen.unit}")[:500]


def _next_code(agency: Agency, day: dt.date) -> str:
    """The next code of the day for ``agency``: the counter row is locked until the receipt
    commits, so two receipts never share a sequence and a sequence is never reused."""
    table = CodeCounter._meta.db_table
    with connection.cursor() as cursor:
        # One statement: created at 1 or added to, and (PostgreSQL) locked until the commit.
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (prefix, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency.code, day],
        )
        (last,) = cursor.fetchone()
    return format_dossier_code(agency.code, day, last)


def _record(
    dossier: Dossier,
    action: str,
    *,
    at: dt.datetime,
    actor,
    from_state: int | None,
    due_before: dt.datetime | None,
    step: int | None = None,
    note: str = "",
    data: dict | None = None,
    saved: bool = False,
) -> DossierEvent:
    """One journal event for the change just made to ``dossier`` (saved here unless ``saved``:
    a new dossier is written once, with its first revision)."""
    ended = {}
    if dossier.state == State.REFUSED and dossier.refused_at is None:
        ended["refused_at"] = dossier.refused_at = at
    if dossier.state == State.STOPPED and dossier.stopped_at is None:
        ended["stopped_at"] = dossier.stopped_at = at
    if not saved:
        dossier.revision += 1
        dossier.save()
    elif ended:
        Dossier.objects.filter(pk=dossier.pk).update(**ended)
    event = DossierEvent.objects.create(
        dossier=dossier,
        sequence=dossier.revision,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        agency_id=dossier.holder_id,
        step=step,
        due_before=due_before,
        due_after=dossier.due_at,
        note=note,
        data=data or {},
    )
    events.recorded(dossier, event)  # the day book, the applicant's messages (dossiers.events)
    return event


def _start_clock(dossier: Dossier, at: dt.datetime) -> None:
    """Received complete: the appointment and the hand-over deadlines (domain/README.md §2.4)."""
    cal = _calendar(dossier)
    dossier.received_at = at
    if dossier.limit_value is not None:
        dossier.legal_due_at = deadlines.legal_due(
            cal,
            at,
            dossier.limit_value,
            dossier.limit_unit,
            cutoff=dossier.cutoff_seconds,
            paused=dossier.paused_seconds,
        )
        dossier.due_at = deadlines.appointment(cal, dossier.legal_due_at, dossier.extension_seconds)
    # Sent to the deciding agency at once, or at the next working day's start when received
    # after the transfer cut-off; the paper originals within one working day.
    local = at.astimezone(cal.tz)
    cutoff = dt.time.fromisoformat(settings.DOSSIER_TRANSFER_CUTOFF)
    if cal.is_working_moment(at) and local.time() <= cutoff:
        dossier.transfer_due_at = at
    else:
        day_after = cal.add_working_days(at, 0)  # the close of the receipt day (or the next)
        dossier.transfer_due_at = cal.next_working_moment(day_after + dt.timedelta(seconds=1))
    dossier.originals_due_at = cal.add_working_days(at, 1)


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
    at = _now(at)
    if outcome.action not in OUTCOMES:
        raise DomainError(
            _("Unknown reception outcome."), code="invalid", fields={"outcome": [outcome.action]}
        )
    if user is not None and not can(user, Perm.DOSSIER_RECEIVE, receiving_agency):
        raise PermissionDenied(
            _("You may not receive dossiers at %(agency)s.") % {"agency": receiving_agency.name},
            code="not_allowed",
        )
    day = timezone.localdate(at)
    terms = _terms(procedure_code, day, deciding_agency, channel)
    procedure_version = terms.version
    if outcome.action == "request_supplement" and not [m for m in outcome.missing if m.strip()]:
        raise DomainError(
            _("List every missing or incorrect paper, all at once."),
            code="invalid",
            fields={"missing": [_("This field is required.")]},
        )
    if outcome.action == "refuse" and not outcome.reason.strip():
        raise DomainError(
            _("Say why the dossier cannot be received."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    value, unit, text = terms.limit
    dossier = Dossier(
        code=_next_code(receiving_agency, day),
        procedure=procedure_version.procedure,
        version=procedure_version,
        regime=regime_on(day).key,
        channel=channel,
        receiving_agency=receiving_agency,
        deciding_agency=deciding_agency,
        holder=receiving_agency,
        process=terms.process,
        state=OUTCOMES[outcome.action],
        **_applicant_fields(applicant),
        result_delivery=result_delivery or channel,
        limit_value=value,
        limit_unit=unit,
        limit_text=text,
        cutoff_seconds=terms.cutoff,
        calendar_version=terms.calendar_version,
        schedule=_schedule(deciding_agency),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if dossier.state == State.RECEIVED:
        _start_clock(dossier, at)
    elif dossier.state == State.SUPPLEMENT:
        dossier.resume_state = State.RECEIVED  # the clock starts when the papers are complete
    dossier.revision = 1
    dossier.save()
    _hand_in(dossier, procedure_version, documents)
    _record(
        dossier,
        "receive",
        saved=True,
        at=at,
        actor=user,
        from_state=None,
        due_before=None,
        note=outcome.reason or "\n".join(m.strip() for m in outcome.missing if m.strip()),
        data={
            "outcome": outcome.action,
            "missing": [m.strip() for m in outcome.missing if m.strip()],
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
) -> Dossier:
    """A dossier submitted on the portal: it gets its code and waits in state 1 for the one-stop
    officer's check (``accept``, ``request_supplement`` or ``refuse``). Only a procedure the
    province offers online (partly or fully) on that day can be submitted."""
    from motcua.dossiers import digitization  # it writes through this module

    at = _now(at)
    day = timezone.localdate(at)
    terms = _terms(procedure_code, day, agency, Channel.ONLINE)
    version = terms.version
    if version.online == ProcedureVersion.Online.NONE:
        raise DomainError(
            _("This procedure is not offered online; submit it at the one-stop desk."),
            code="not_online",
            fields={"procedure": [_("Not offered online.")]},
        )
    if not deciding_agencies(version, day).filter(pk=agency.pk).exists():
        raise DomainError(
            _("%(agency)s does not carry out this procedure.") % {"agency": agency.name},
            code="invalid",
            fields={"agency": [_("Not an agency of this procedure.")]},
        )
    missing = missing_documents(version, {h.required_id for h in documents})
    if missing:
        raise DomainError(
            _("Attach every required document: %(names)s.") % {"names": "; ".join(missing)},
            code="documents_missing",
            fields={"documents": missing},
        )
    if owner is not None and getattr(owner, "is_applicant", False) and not owner.is_active:
        raise PermissionDenied(_("This account is disabled."), code="not_allowed")
    value, unit, text = terms.limit
    dossier = Dossier(
        code=_next_code(agency, day),
        procedure=version.procedure,
        version=version,
        regime=regime_on(day).key,
        channel=Channel.ONLINE,
        receiving_agency=agency,
        deciding_agency=agency,
        holder=agency,
        process=terms.process,
        state=State.SUBMITTED,
        **_applicant_fields(applicant),
        result_delivery=result_delivery or Channel.ONLINE,
        limit_value=value,
        limit_unit=unit,
        limit_text=text,
        cutoff_seconds=terms.cutoff,
        calendar_version=terms.calendar_version,
        schedule=_schedule(agency),
        owner=owner if getattr(owner, "is_authenticated", False) else None,
        submitted_at=at,
        created_by=owner if getattr(owner, "is_authenticated", False) else None,
        revision=1,
    )
    dossier.check_due_at = _calendar(dossier).add_working_hours(at, settings.ONLINE_CHECK_HOURS)
    dossier.save()
    _hand_in(dossier, version, documents)
    stored = digitization.store_online(dossier, attachments, at=at)
    _record(
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


def missing_documents(version: ProcedureVersion, attached: set[int | None]) -> list[str]:
    """The required documents not attached. Documents under sub-cases ("a) in case…") are
    alternatives: one sub-case must be complete, and the one the applicant began is named."""
    documents = list(version.documents.all())
    missing = [d.name for d in documents if d.required and not d.group and d.pk not in attached]
    cases: dict[str, list] = {}
    for d in documents:
        if d.group:
            cases.setdefault(d.group, []).append(d)
    gaps = {
        case: [d.name for d in docs if d.required and d.pk not in attached]
        for case, docs in cases.items()
    }
    if gaps and all(gaps.values()):
        begun = max(cases, key=lambda c: sum(d.pk in attached for d in cases[c]))
        missing += gaps[begun]
    return missing


def deciding_agencies(version: ProcedureVersion, day: dt.date):
    """Where an online dossier of ``version`` may go: the agencies its record names, or, for a
    record that names only levels (a district's or a commune's procedure), every agency of those
    levels. A service centre receives; it does not decide."""
    named = Agency.objects.valid_on(day).filter(pk__in=version.agencies.values("pk"))
    if not named.exists():
        named = Agency.objects.valid_on(day).filter(level__in=version.level_list)
    return named.exclude(level="center").order_by("code")


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


def _process(
    version: ProcedureVersion, agency: Agency, day: dt.date, channel: str
) -> InternalProcess | None:
    """The internal process in force on ``day`` at ``agency`` (one for this channel first)."""
    return (
        InternalProcess.objects.filter(
            procedure_id=version.procedure_id, agency=agency, effective_from__lte=day
        )
        .exclude(effective_to__lt=day)
        .filter(channel__in=["", channel])
        .order_by("-channel", "-number")
        .first()
    )


@transaction.atomic
def supplement_online(
    code: str, applicant, papers: list[tuple[str, str, bytes]], *, at: dt.datetime | None = None
) -> Dossier:
    """The applicant sends the papers the desk asked for, from the portal: each ``(what was
    asked, file name, bytes)`` becomes a document of the dossier with its file, and the dossier
    goes back to where the request paused it."""
    from motcua.dossiers import digitization  # it writes through this module

    at = _now(at)
    dossier = lock(code)
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


@dataclass(frozen=True)
class Terms:
    """What a new dossier takes from the reference data of its day: the procedure's version in
    force, its time limit for the way of submitting (value, unit, text), its cut-off hour (in
    seconds), the deciding agency's internal process and the working calendar's version."""

    version: ProcedureVersion
    limit: tuple[Decimal | None, str, str]
    cutoff: int | None
    process: InternalProcess | None
    calendar_version: str


def _terms(code: str, day: dt.date, agency: Agency, channel: str) -> Terms:
    # Read on every receipt; kept between changes to the reference data (core.reference).
    return reference.cached(
        ("terms", code, day, agency.pk, channel), lambda: _read_terms(code, day, agency, channel)
    )


def _read_terms(code: str, day: dt.date, agency: Agency, channel: str) -> Terms:
    version = _version_in_force(code, day)
    return Terms(
        version=version,
        limit=_limit(version, channel),
        cutoff=_cutoff(version),
        process=_process(version, agency, day, channel),
        calendar_version=workdays.current_version_key(),
    )


def _version_in_force(code: str, day: dt.date) -> ProcedureVersion:
    # Only what the province has published: a national record alone is not yet implemented here.
    version = catalog.province_version_of(code, day)
    if version is not None:
        return version
    if not Procedure.objects.filter(code=code).exists():
        raise NotFound(
            _("Procedure %(code)s is not in the catalog.") % {"code": code},
            code="procedure_not_found",
        )
    raise DomainError(
        _("Procedure %(code)s is not in force on %(day)s.")
        % {"code": code, "day": day.strftime("%d/%m/%Y")},
        code="not_in_force",
        fields={"procedure": [_("Not in force on the receipt date.")]},
    )


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


def record_event(dossier: Dossier, action: str, *, at: dt.datetime, actor, **kw: Any) -> None:
    """A change that moves no state (a scan, a note): the journal still records it."""
    _record(
        dossier,
        action,
        at=at,
        actor=actor,
        from_state=dossier.state,
        due_before=dossier.due_at,
        **kw,
    )


def lock(code: str) -> Dossier:
    """The dossier, its row locked until the transaction ends (PostgreSQL; SQLite's writers are
    serialized by their IMMEDIATE transactions)."""
    dossier = Dossier.objects.select_for_update().filter(code=code).first()
    if dossier is None:
        raise NotFound(_("Dossier %(code)s does not exist.") % {"code": code}, code="not_found")
    return dossier


# Reception, return and stop are the receiving desk's; the rest belongs to the holder.
AT_THE_DESK = frozenset(
    {Perm.DOSSIER_CHECK, Perm.DOSSIER_RECEIVE, Perm.DOSSIER_RETURN, Perm.DOSSIER_STOP}
)


def acting_agency(dossier: Dossier, permission: str) -> Agency:
    """The agency where ``permission`` is exercised on the dossier."""
    return dossier.receiving_agency if permission in AT_THE_DESK else dossier.holder


@transaction.atomic
def act(
    code: str,
    action: str,
    *,
    user=None,
    applicant=None,
    at: dt.datetime | None = None,
    revision: int | None = None,
    **params: Any,
) -> Dossier:
    """Apply ``action`` to the dossier ``code``. ``revision``: the revision the caller saw; when
    someone else changed the dossier since, nothing happens and the caller is told.
    ``applicant``: the dossier's own account acting from the portal (``APPLICANT_ACTIONS``)."""
    if action not in transitions.ACTIONS:
        raise DomainError(
            _("Unknown action %(action)s.") % {"action": action},
            code="unknown_action",
            fields={"action": [_("Not an action of the one-stop shop.")]},
        )
    dossier = lock(code)
    if revision is not None and revision != dossier.revision:
        raise Conflict(
            _("Someone else changed this dossier in the meantime; reload it and try again."),
            code="dossier_changed",
        )
    move = transitions.TABLE.get((dossier.state, action))
    if move is None:
        raise Conflict(
            _("The action %(action)s is not allowed while the dossier is “%(state)s”.")
            % {"action": action, "state": State(dossier.state).label},
            code="transition_not_allowed",
        )
    agency = acting_agency(dossier, move.permission)
    if applicant is not None:
        if action not in transitions.APPLICANT_ACTIONS or dossier.owner_id != applicant.pk:
            raise PermissionDenied(
                _("Applicants may not do this on this dossier."), code="not_allowed"
            )
        user = applicant
    elif user is not None and not can(user, move.permission, agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    at = _now(at)
    handler = HANDLERS[action]
    before = dossier.state
    due_before = dossier.due_at
    target = dossier.resume_state if move.target == transitions.RESUME else move.target
    if move.target == transitions.RESUME:
        dossier.resume_state = None
    step, note, data = handler(dossier, user=user, at=at, target=target, **params)
    dossier.state = target
    _record(
        dossier,
        action,
        at=at,
        actor=user,
        from_state=before,
        due_before=due_before,
        step=step,
        note=note,
        data=data,
    )
    return dossier


# --- the handlers: each returns (step order, note, event data) ---------------------------------


def _pause(dossier: Dossier, at: dt.datetime) -> None:
    dossier.resume_state = dossier.state
    if dossier.received_at is not None and dossier.paused_at is None:
        dossier.paused_at = at


def _resume(dossier: Dossier, at: dt.datetime) -> int:
    """End a pause: the working time it lasted moves the deadline (0 before the clock started)."""
    if dossier.paused_at is None:
        return 0
    cal = _calendar(dossier)
    paused = max(0, cal.elapsed(dossier.paused_at, at))
    dossier.paused_at = None
    dossier.paused_seconds += paused
    _recompute(dossier)
    return paused


def _recompute(dossier: Dossier) -> None:
    if dossier.received_at is None or dossier.limit_value is None:
        return
    cal = _calendar(dossier)
    dossier.legal_due_at = deadlines.legal_due(
        cal,
        dossier.received_at,
        dossier.limit_value,
        dossier.limit_unit,
        cutoff=dossier.cutoff_seconds,
        paused=dossier.paused_seconds,
    )
    dossier.due_at = deadlines.appointment(cal, dossier.legal_due_at, dossier.extension_seconds)


def _current_step(dossier: Dossier) -> DossierStep | None:
    return dossier.steps.filter(finished_at__isnull=True).order_by("-id").first()


def _finish_step(dossier: Dossier, at: dt.datetime) -> DossierStep | None:
    step = _current_step(dossier)
    if step is None:
        return None
    step.finished_at = at
    if step.due_at is None:
        step.outcome = DossierStep.Outcome.ON_TIME
    elif at > step.due_at:
        step.outcome = DossierStep.Outcome.LATE
    elif _calendar(dossier).elapsed(at, step.due_at) >= LEGAL_DAY:
        step.outcome = DossierStep.Outcome.EARLY  # a whole working day ahead or more
    else:
        step.outcome = DossierStep.Outcome.ON_TIME
    step.save()
    return step


def _start_step(
    dossier: Dossier,
    at: dt.datetime,
    *,
    order: int,
    agency_id: int,
    actor: str,
    action: str = "",
    allowance: int = 0,
    counted: bool = True,
    assignee=None,
) -> DossierStep:
    cal = _calendar(dossier)
    return DossierStep.objects.create(
        dossier=dossier,
        order=order,
        agency_id=agency_id,
        actor=actor,
        action=action,
        allowance_seconds=allowance,
        counted=counted,
        assignee=assignee,
        started_at=at,
        due_at=cal.add_seconds(at, allowance) if counted else None,
    )


def _process_steps(dossier: Dossier) -> list:
    return list(dossier.process.steps.order_by("order")) if dossier.process_id else []


def _allowance(step) -> int:
    if step.hours:
        return int(Decimal(step.hours) * 3600)
    return quarter_days(step.days or 0) * (LEGAL_DAY // 4)


def _start_process_step(dossier: Dossier, at: dt.datetime, index: int) -> DossierStep:
    steps = _process_steps(dossier)
    if not steps:
        # No internal process approved for this agency: one step with the whole time limit.
        allowance = 0
        if dossier.due_at is not None:
            allowance = max(0, _calendar(dossier).elapsed(at, dossier.due_at))
        return _start_step(
            dossier,
            at,
            order=1,
            agency_id=dossier.deciding_agency_id,
            actor=dossier.deciding_agency.name,
            action=_("Appraise and resolve the dossier"),
            allowance=allowance,
        )
    step = steps[min(index, len(steps) - 1)]
    return _start_step(
        dossier,
        at,
        order=step.order,
        agency_id=step.agency_id or dossier.deciding_agency_id,
        actor=step.actor,
        action=step.action,
        allowance=_allowance(step),
        counted=step.counted,
    )


def _accept(dossier, *, user, at, target, **params):
    # An online dossier counts from its submission (the calendar moves one sent after hours to
    # the next working moment) unless the province counts from the officer's check.
    start = at
    if dossier.submitted_at is not None and settings.ONLINE_CLOCK_FROM == "submission":
        start = min(at, dossier.submitted_at)
    _start_clock(dossier, start)
    return None, "", {"received_at": start.isoformat()}


def _request_supplement(dossier, *, user, at, target, missing=(), **params):
    items = [nfc(m).strip() for m in (missing or []) if str(m).strip()]
    if not items:
        raise DomainError(
            _("List every missing or incorrect paper, all at once."),
            code="invalid",
            fields={"missing": [_("This field is required.")]},
        )
    if dossier.state == State.SUBMITTED:
        dossier.resume_state = State.SUBMITTED  # checked again when the papers come
    else:
        _pause(dossier, at)
    return None, "\n".join(items), {"missing": items}


def _refuse(dossier, *, user, at, target, reason="", **params):
    if not str(reason).strip():
        raise DomainError(
            _("Say why the dossier cannot be received."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    return None, nfc(reason).strip(), {}


def _hand_over(dossier, *, user, at, target, **params):
    dossier.holder = dossier.deciding_agency
    step = _start_process_step(dossier, at, 0)
    late = dossier.transfer_due_at is not None and at > dossier.transfer_due_at
    return step.order, "", {"transfer_late": late}


def _assign(dossier, *, user, at, target, assignee=None, **params):
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(pk=assignee).first() if assignee else None
    if person is None or not can(person, Perm.DOSSIER_PROCESS, dossier.holder):
        raise DomainError(
            _("Assign the step to a specialist of the agency that holds the dossier."),
            code="invalid",
            fields={"assignee": [_("Not a specialist of this agency.")]},
        )
    step = _current_step(dossier)
    step.assignee = person
    step.save(update_fields=["assignee"])
    return step.order, "", {"assignee": person.pk}


def _check_assignee(dossier: Dossier, user) -> DossierStep | None:
    step = _current_step(dossier)
    if (
        step is not None
        and step.assignee_id is not None
        and user is not None
        and step.assignee_id != user.pk
        and not can(user, Perm.DOSSIER_ASSIGN, dossier.holder)
    ):
        raise PermissionDenied(_("This step is assigned to someone else."), code="not_assigned")
    return step


def _forward(dossier, *, user, at, target, **params):
    _check_assignee(dossier, user)
    finished = _finish_step(dossier, at)
    steps = _process_steps(dossier)
    orders = [s.order for s in steps]
    index = orders.index(finished.order) + 1 if finished and finished.order in orders else 1
    if steps and index >= len(steps):
        raise Conflict(
            _("This is the last step: record the result instead."), code="transition_not_allowed"
        )
    step = _start_process_step(dossier, at, index)
    return step.order, "", {"outcome": finished.outcome if finished else ""}


def _send_back(dossier, *, user, at, target, note="", **params):
    _check_assignee(dossier, user)
    finished = _finish_step(dossier, at)
    steps = _process_steps(dossier)
    orders = [s.order for s in steps]
    index = orders.index(finished.order) - 1 if finished and finished.order in orders else 0
    step = _start_process_step(dossier, at, max(0, index))
    return step.order, nfc(note).strip(), {}


def _transfer(dossier, *, user, at, target, agency=None, days=None, note="", **params):
    """Inter-agency (liên thông): the dossier goes to another agency for its share of time."""
    other = Agency.objects.filter(code=agency).first() if agency else None
    if other is None or other.pk == dossier.holder_id:
        raise DomainError(
            _("Name the agency the dossier is transferred to."),
            code="invalid",
            fields={"agency": [_("Unknown agency.")]},
        )
    try:
        allowance = quarter_days(days) * (LEGAL_DAY // 4)
    except (TypeError, ValueError, ArithmeticError) as err:
        raise DomainError(
            _("Give that agency's share of the time in working days (quarters allowed)."),
            code="invalid",
            fields={"days": [_("A number of working days, such as 2 or 0.5.")]},
        ) from err
    finished = _finish_step(dossier, at)
    dossier.holder = other
    step = _start_step(
        dossier,
        at,
        order=(finished.order + 1) if finished else 1,
        agency_id=other.pk,
        actor=other.name,
        action=nfc(note).strip() or _("Inter-agency processing"),
        allowance=allowance,
    )
    return step.order, nfc(note).strip(), {"agency": other.code, "days": str(days)}


def fee_of(dossier: Dossier) -> int | None:
    """The fee the procedure version publishes for the dossier's way of submitting (the first
    one with an amount), or None when the law gives no number."""
    fees = [f for f in dossier.version.fees.all() if f.amount is not None]
    for fee in fees:
        if fee.channel in ("", dossier.channel):
            return int(fee.amount)
    return int(fees[0].amount) if fees else None


def _request_payment(dossier, *, user, at, target, amount=None, note="", **params):
    if amount in (None, ""):
        amount = fee_of(dossier)  # what the procedure publishes, unless the officer says
    try:
        amount = int(amount)
        if amount < 0:
            raise ValueError
    except (TypeError, ValueError) as err:
        raise DomainError(
            _("Give the amount due in đồng."),
            code="invalid",
            fields={"amount": [_("A whole number of đồng, 0 or more.")]},
        ) from err
    _pause(dossier, at)
    return None, nfc(note).strip(), {"amount": amount}


def _supplement(dossier, *, user, at, target, **params):
    paused = _resume(dossier, at)
    if target == State.RECEIVED and dossier.received_at is None:
        _start_clock(dossier, at)  # complete at last: received now
        return None, "", {"paused_seconds": 0, "received_at": at.isoformat()}
    return None, "", {"paused_seconds": paused}


def _confirm_payment(dossier, *, user, at, target, payment="", method="", **params):
    # ``payment``: the payments app's reference, when the money was recorded there.
    data = {"paused_seconds": _resume(dossier, at)}
    if payment:
        data |= {"payment": str(payment), "method": str(method)}
    return None, str(payment), data


def _record_result(
    dossier, *, user, at, target, number="", date=None, signer="", summary="", **params
):
    if not str(number).strip() or not str(signer).strip():
        raise DomainError(
            _("A result needs its number and its signer."),
            code="invalid",
            fields={
                key: [_("This field is required.")]
                for key, value in (("number", number), ("signer", signer))
                if not str(value).strip()
            },
        )
    finished = _finish_step(dossier, at)
    dossier.holder = dossier.receiving_agency
    dossier.resolved_at = at
    dossier.late = dossier.legal_due_at is not None and at > dossier.legal_due_at
    dossier.early = (
        not dossier.late
        and dossier.due_at is not None
        and timezone.localdate(at) < timezone.localdate(dossier.due_at)
    )
    dossier.result_number = nfc(number).strip()[:100]
    dossier.result_signer = nfc(signer).strip()[:255]
    dossier.result_date = date or timezone.localdate(at)
    dossier.result_summary = nfc(summary).strip()
    return (finished.order if finished else None), "", {"late": dossier.late}


def _apologize(dossier, *, user, at, target, new_due=None, reason="", **params):
    """The apology-and-reschedule slip: before the appointment passes, with a later one."""
    if dossier.due_at is None:
        raise Conflict(_("This dossier has no appointment to move."), code="no_appointment")
    if at > dossier.due_at:
        raise Conflict(
            _("The appointment has already passed: the apology had to come before it."),
            code="appointment_passed",
        )
    limit = settings.DOSSIER_MAX_APOLOGIES
    if limit is not None and dossier.apologies >= limit:
        raise Conflict(
            _("The appointment of this dossier was already moved %(n)s time(s).") % {"n": limit},
            code="apology_limit",
        )
    if not isinstance(new_due, dt.datetime) or new_due <= dossier.due_at:
        raise DomainError(
            _("The new appointment must come after the current one."),
            code="invalid",
            fields={"new_due": [_("Later than the current appointment.")]},
        )
    if not str(reason).strip():
        raise DomainError(
            _("Say why the dossier is late."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    cal = _calendar(dossier)
    extension = max(0, cal.elapsed(dossier.due_at, new_due))
    dossier.extension_seconds += extension
    dossier.apologies += 1
    dossier.due_at = new_due
    return None, nfc(reason).strip(), {"new_due": new_due.isoformat(), "extension": extension}


def _return_result(dossier, *, user, at, target, **params):
    dossier.returned_at = at
    return None, "", {}


def _request_stop(dossier, *, user, at, target, reason="", **params):
    # Asked while already paused (papers or payment owed): remember what that pause resumes to.
    data = {"resume_after_pause": dossier.resume_state} if dossier.state in PAUSED else {}
    _pause(dossier, at)
    return None, nfc(reason).strip(), data


def _stop(dossier, *, user, at, target, **params):
    _finish_step(dossier, at)
    dossier.paused_at = None
    return None, "", {}


def _decline_stop(dossier, *, user, at, target, reason="", **params):
    """A decision already exists (or the request was withdrawn): the dossier goes on."""
    if target in PAUSED:  # back to owing papers or money: the clock stays stopped
        asked = dossier.events.filter(action="request_stop").order_by("-sequence").first()
        dossier.resume_state = asked.data.get("resume_after_pause") if asked else None
        return None, nfc(reason).strip(), {"paused_seconds": 0}
    paused = _resume(dossier, at)
    return None, nfc(reason).strip(), {"paused_seconds": paused}


HANDLERS = {
    "accept": _accept,
    "request_supplement": _request_supplement,
    "refuse": _refuse,
    "hand_over": _hand_over,
    "assign": _assign,
    "forward": _forward,
    "send_back": _send_back,
    "transfer": _transfer,
    "request_payment": _request_payment,
    "supplement": _supplement,
    "confirm_payment": _confirm_payment,
    "record_result": _record_result,
    "apologize": _apologize,
    "return_result": _return_result,
    "request_stop": _request_stop,
    "stop": _stop,
    "decline_stop": _decline_stop,
}
assert set(HANDLERS) == transitions.ACTIONS, "every action of the table has a handler"
