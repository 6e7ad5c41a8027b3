"""Writes to the catalog: importing national records, publication decisions, internal processes."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import selectors
from motcua.catalog.models import (
    PROCEDURE_CODE,
    DecisionItem,
    Fee,
    Field,
    FollowUpDuty,
    ImportJob,
    InternalProcess,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    PublicationDecision,
    RequiredDocument,
    TimeLimit,
)
from motcua.catalog.parsing import ParsedRecord, parse_record
from motcua.catalog.search import framed, record_terms
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.core.text import nfc


def search_text(name: str, code: str, field_name: str = "") -> str:
    return framed(name, code, field_name)


def online_level(channels: Iterable[str]) -> str:
    # National records say whether a way of submitting is online, not whether the whole process
    # is: "partial" until a publication decision or the control office says "full".
    return (
        ProcedureVersion.Online.PARTIAL
        if "online" in set(channels)
        else ProcedureVersion.Online.NONE
    )


def _fields_cache() -> dict[str, Field]:
    return {f.name: f for f in Field.objects.all()}


def _content_hash(raw: dict) -> str:
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def next_version_number(procedure: Procedure) -> int:
    latest = procedure.versions.aggregate(n=Max("number"))["n"] or 0
    return latest + 1


def version_fields_from(parsed: ParsedRecord, field_obj: Field | None) -> dict:
    texts = parsed.texts
    cutoff = dt.time.fromisoformat(texts["cutoff"]) if texts.get("cutoff") else None
    return {
        "name": parsed.name,
        "field": field_obj,
        "levels": "," + ",".join(parsed.levels) + "," if parsed.levels else "",
        "procedure_type": parsed.procedure_type,
        "subjects": parsed.subjects,
        "online": online_level(t.channel for t in parsed.time_limits),
        "cutoff": cutoff,
        "steps": texts.get("steps", ""),
        "conditions": texts.get("conditions", ""),
        "result": texts.get("result", ""),
        "competent_agency": texts.get("competent_agency", ""),
        "implementing_agency": texts.get("implementing_agency", ""),
        "receiving_address": texts.get("receiving_address", ""),
        "delegated_agency": texts.get("delegated_agency", ""),
        "cooperating_agency": texts.get("cooperating_agency", ""),
        "related_procedures": texts.get("related_procedures", ""),
        "legal_basis": parsed.legal_basis,
        "legal_basis_text": texts.get("legal_basis_text", ""),
        "documents_text": texts.get("documents_text", ""),
        "national_decision": parsed.decision,
        "source_url": texts.get("source_url", "")[:500],
        "flags": parsed.flags,
        "search_text": search_text(parsed.name, parsed.code, parsed.field),
    }


def create_children(version: ProcedureVersion, parsed: ParsedRecord) -> None:
    TimeLimit.objects.bulk_create(
        TimeLimit(
            version=version,
            channel=t.channel,
            value=t.value,
            unit=t.unit or "",
            text=t.text[:500],
            description=t.description,
        )
        for t in parsed.time_limits
    )
    Fee.objects.bulk_create(
        Fee(version=version, channel=f.channel, amount=f.amount, currency=f.currency, text=f.text)
        for f in parsed.fees
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            version=version,
            order=index,
            group=d.group[:500],
            name=d.name,
            originals=min(d.originals, 32767),
            copies=min(d.copies, 32767),
            required=d.required,
            form_name=d.form_name[:255],
        )
        for index, d in enumerate(parsed.documents, start=1)
    )


@dataclass
class ImportReport:
    lines: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    flags: Counter = field(default_factory=Counter)
    flagged_records: int = 0
    time_limits: int = 0
    time_limits_with_number: int = 0
    units: Counter = field(default_factory=Counter)

    def as_text(self) -> str:
        lines = [
            f"Đọc {self.lines} dòng: {self.created} thủ tục mới, {self.updated} cập nhật "
            f"(phiên bản mới), {self.unchanged} không đổi, {len(self.rejected)} bị từ chối.",
            f"Thời hạn giải quyết: {self.time_limits} (theo cách thức nộp), "
            f"{self.time_limits_with_number} có số; đơn vị: "
            + ", ".join(f"{unit or 'không ghi'} {n}" for unit, n in self.units.most_common()),
            f"Bản ghi cần rà soát: {self.flagged_records}.",
        ]
        for flag, count in self.flags.most_common():
            lines.append(f"  - {flag}: {count}")
        for line_no, reason in self.rejected[:50]:
            lines.append(f"  ! dòng {line_no}: {reason}")
        return "\n".join(lines)


def read_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        yield from fh


PROGRESS_EVERY = 50  # lines between two progress reports of an import


def import_national_records(
    lines: Iterable[str],
    *,
    on: dt.date | None = None,
    report: ImportReport | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import national portal records as the catalog's national track.

    A record seen for the first time becomes version 1, in force from an unknown start. A record
    whose content changed ends the previous national version the day before ``on`` and starts a new
    one; an identical record changes nothing. Each record is all in or all out. ``progress`` is
    called with the number of lines read, every few dozen lines, between records.
    """
    on = on or timezone.localdate()
    report = report or ImportReport()
    fields = _fields_cache()
    vocabulary: list[str] = []
    for line_no, line in enumerate(lines, start=1):
        if progress is not None and line_no % PROGRESS_EVERY == 0:
            progress(line_no)
        if not line.strip():
            continue
        report.lines += 1
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict):
                raise ValueError("not a JSON object")
        except ValueError as err:
            report.rejected.append((line_no, f"JSON không hợp lệ ({err})"))
            continue
        parsed = parse_record(raw)
        if "code_invalid" in parsed.flags or not parsed.name:
            report.rejected.append((line_no, f"mã thủ tục không hợp lệ: {parsed.code!r}"))
            continue
        for flag in parsed.flags:
            report.flags[flag.split(":")[0]] += 1
        report.flagged_records += bool(parsed.flags)
        for limit in parsed.time_limits:
            report.time_limits += 1
            report.time_limits_with_number += limit.value is not None
            report.units[limit.unit] += 1
        with transaction.atomic():
            outcome = _import_one(parsed, raw, on, fields)
        setattr(report, outcome, getattr(report, outcome) + 1)
        vocabulary += [parsed.name, parsed.field]
        if len(vocabulary) >= 1000:
            record_terms(vocabulary)
            vocabulary = []
    record_terms(vocabulary)
    refresh_statistics()
    return report


CATALOG_TABLES = (
    "procedure",
    "procedureversion",
    "timelimit",
    "fee",
    "requireddocument",
    "searchterm",
    "decisionitem",
)


def refresh_statistics() -> None:
    """After a bulk load, give the planner statistics: PostgreSQL's sees the new rows at once
    (inside the loading transaction too) instead of planning for empty tables until autovacuum
    comes by; SQLite's learns that "status" does not narrow anything."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(f"catalog_{t}" for t in CATALOG_TABLES))
        elif connection.vendor == "sqlite":
            # Without statistics SQLite scans every version to test "id IN (…)".
            for table in CATALOG_TABLES:
                cursor.execute(f"ANALYZE catalog_{table}")


def _import_one(parsed: ParsedRecord, raw: dict, on: dt.date, fields: dict[str, Field]) -> str:
    field_obj = None
    if parsed.field:
        field_obj = fields.get(parsed.field)
        if field_obj is None:
            field_obj = fields[parsed.field] = Field.objects.create(name=parsed.field[:255])
    procedure, created = Procedure.objects.get_or_create(code=parsed.code)
    digest = _content_hash(raw)
    current = (
        procedure.versions.filter(
            source=ProcedureVersion.Source.NATIONAL,
            status=ProcedureVersion.Status.PUBLISHED,
            effective_to__isnull=True,
        )
        .order_by("-number")
        .first()
    )
    if current is not None and current.raw.get("_sha256") == digest:
        return "unchanged"
    effective_from = None
    if current is not None:
        if current.effective_from and current.effective_from >= on:
            # Re-imported the same day it changed: the newer record replaces the day's version.
            current.delete()
            effective_from = on
        else:
            current.effective_to = on - dt.timedelta(days=1)
            current.save(update_fields=["effective_to"])
            effective_from = on
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=next_version_number(procedure),
        status=ProcedureVersion.Status.PUBLISHED,
        source=ProcedureVersion.Source.NATIONAL,
        effective_from=effective_from,
        raw={**raw, "_sha256": digest},
        **version_fields_from(parsed, field_obj),
    )
    create_children(version, parsed)
    return "created" if created or current is None else "updated"


def import_file(path: Path, *, on: dt.date | None = None) -> ImportReport:
    return import_national_records(read_lines(path), on=on)


@contextmanager
def _open_upload(job: ImportJob) -> Iterator[Iterable[str]]:
    """The uploaded file as text lines, gzip or plain, whatever its name says."""
    with job.file.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        if gzipped:
            with gzip.open(raw, "rt", encoding="utf-8") as stream:
                yield stream
        else:
            yield io.TextIOWrapper(raw, encoding="utf-8")


def start_import(upload, *, user=None) -> ImportJob:
    """Keep an uploaded file of national records and queue its import. The file is read through
    once here, so a broken one (not gzip, not UTF-8) is refused at once with nothing queued."""
    from motcua.catalog.tasks import import_national_job

    job = ImportJob(name=upload.name[:255], created_by=user)
    job.file.save(upload.name, upload, save=False)
    try:
        with _open_upload(job) as stream:
            job.total_lines = sum(1 for _line in stream)
    except (OSError, UnicodeDecodeError, EOFError, zlib.error) as err:
        job.file.delete(save=False)
        raise DomainError(
            _("The file cannot be read: %(error)s") % {"error": err}, code="file_unreadable"
        ) from err
    job.save()
    transaction.on_commit(lambda: import_national_job.enqueue(job.pk))
    return job


def run_import(job: ImportJob, *, on: dt.date | None = None) -> ImportJob:
    """Import a queued upload, reporting progress on the job as it goes (each progress write is
    its own short transaction, so the page polling it sees the count move). Only a queued job
    runs."""
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:  # already run or running: a task delivered twice imports once
        job.refresh_from_db()
        return job

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done_lines=done)

    try:
        with _open_upload(job) as stream:
            report = import_national_records(stream, on=on, progress=progress)
    except Exception as err:  # the job must say it failed, whatever stopped it
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED, error=str(err)[:2000], finished_at=timezone.now()
        )
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE,
        done_lines=job.total_lines,
        report=report.as_text(),
        summary={
            "lines": report.lines,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
            "flagged": report.flagged_records,
        },
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


# --- publication decisions --------------------------------------------------------------------

Action = DecisionItem.Action
State = PublicationDecision.State

# The decision life cycle, in one table: (state, event) -> new state.
DECISION_TRANSITIONS = {(State.DRAFT, "sign"): State.SIGNED}

# Follow-up duties of a signed decision (domain/README.md §4.4), in working days from signing.
# Provinces set their own in their publication decisions: configurable.
DEFAULT_FOLLOW_UP_DAYS = {
    FollowUpDuty.Kind.SYNC: 3,
    FollowUpDuty.Kind.CONFIGURE: 3,
    FollowUpDuty.Kind.INTERNAL_PROCESS: 3,
    FollowUpDuty.Kind.ONLINE: 5,
}
CHILD_FIELDS = ("time_limits", "fees", "documents")
COPIED_FIELDS = ProcedureVersion.CONTENT_FIELDS


def create_decision(
    number: str,
    *,
    title: str = "",
    signer: str = "",
    legal_basis: str = "",
    issuer=None,
    created_by=None,
) -> PublicationDecision:
    number = nfc(number)
    if not number:
        raise DomainError(
            _("A decision needs a number."),
            code="invalid",
            fields={"number": [_("This field is required.")]},
        )
    if PublicationDecision.objects.filter(number=number).exists():
        raise Conflict(
            _("Decision %(number)s already exists.") % {"number": number},
            code="decision_exists",
            fields={"number": [_("Already used.")]},
        )
    return PublicationDecision.objects.create(
        number=number,
        title=nfc(title),
        signer=nfc(signer),
        legal_basis=legal_basis,
        issuer=issuer,
        created_by=created_by,
    )


def _base_version(procedure: Procedure, on: dt.date | None) -> ProcedureVersion | None:
    """The content a decision item starts from: the province's version in force, else the
    national record; a localized copy (1.012781.H03) starts from its national procedure."""
    day = on or timezone.localdate()
    found = (
        selectors.province_version(procedure, day)
        or selectors.version_in_force(procedure, day)
        or procedure.versions.filter(status=ProcedureVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if found is None and procedure.code != procedure.national_code:
        national = Procedure.objects.filter(code=procedure.national_code).first()
        if national is not None:
            return _base_version(national, on)
    return found


def _copy_version(
    base: ProcedureVersion | None, procedure: Procedure, changes: dict
) -> ProcedureVersion:
    """A pending province version: the base's content with ``changes`` applied."""
    values = {name: getattr(base, name) for name in COPIED_FIELDS} if base else {}
    children = changes.pop("children", None)
    agencies = changes.pop("agencies", None)
    values.update(changes)
    if not values.get("name"):
        raise DomainError(
            _("Procedure %(code)s has no record to publish: give its name and content.")
            % {"code": procedure.code},
            code="procedure_content_missing",
            fields={"procedure": [_("No content.")]},
        )
    field_obj = values.get("field")
    values["search_text"] = search_text(
        values["name"], procedure.code, field_obj.name if field_obj else ""
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=next_version_number(procedure),
        status=ProcedureVersion.Status.PENDING,
        source=ProcedureVersion.Source.PROVINCE,
        raw={"based_on": base.pk if base else None},
        **values,
    )
    record_terms([values["name"], field_obj.name if field_obj else ""])
    if children is not None:
        _set_children(version, children)
    elif base is not None:
        for model, rows in (
            (TimeLimit, base.time_limits.all()),
            (Fee, base.fees.all()),
            (RequiredDocument, base.documents.all()),
        ):
            copies = list(rows)
            for row in copies:
                row.pk, row.version = None, version
            model.objects.bulk_create(copies)
    if agencies is not None:
        version.agencies.set(agencies)
    elif base is not None:
        version.agencies.set(base.agencies.all())
    return version


def _set_children(version: ProcedureVersion, children: dict) -> None:
    TimeLimit.objects.bulk_create(
        TimeLimit(version=version, **row) for row in children.get("time_limits", [])
    )
    Fee.objects.bulk_create(Fee(version=version, **row) for row in children.get("fees", []))
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, order=index, **row)
        for index, row in enumerate(children.get("documents", []), start=1)
    )


@transaction.atomic
def add_item(
    decision: PublicationDecision,
    action: str,
    procedure_code: str,
    *,
    successor_code: str | None = None,
    changes: dict | None = None,
    note: str = "",
    kind: str = Procedure.Kind.EXTERNAL,
) -> DecisionItem:
    """Add a procedure to a draft decision. ``changes`` are the fields of the published content
    that differ from the current record (new, amended, standardized, and a replacement's
    successor)."""
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != State.DRAFT:
        raise Conflict(
            _("Decision %(number)s is signed; it can no longer change.")
            % {"number": decision.number},
            code="decision_signed",
        )
    if action not in Action.values:
        raise DomainError(
            _("Unknown action: %(action)s.") % {"action": action},
            code="invalid",
            fields={"action": [_("Not a valid choice.")]},
        )
    procedure = _procedure_for(procedure_code, create=action == Action.NEW, kind=kind)
    if decision.items.filter(procedure=procedure).exists():
        raise DomainError(
            _("Procedure %(code)s is already in this decision.") % {"code": procedure.code},
            code="duplicate_item",
            fields={"procedure": [_("Already listed.")]},
        )
    successor = None
    version = None
    if action == Action.REPLACED:
        if not successor_code:
            raise DomainError(
                _("A replaced procedure needs its successor."),
                code="successor_required",
                fields={"successor": [_("This field is required.")]},
            )
        successor = _procedure_for(successor_code, create=True, kind=kind)
        if successor == procedure:
            raise DomainError(
                _("A procedure cannot replace itself."),
                code="invalid",
                fields={"successor": [_("Same procedure.")]},
            )
        version = _copy_version(
            _base_version(successor, decision.effective_from), successor, dict(changes or {})
        )
    elif action in (Action.NEW, Action.AMENDED, Action.STANDARDIZED):
        version = _copy_version(
            _base_version(procedure, decision.effective_from), procedure, dict(changes or {})
        )
    order = (decision.items.aggregate(n=Max("order"))["n"] or 0) + 1
    return DecisionItem.objects.create(
        decision=decision,
        order=order,
        action=action,
        procedure=procedure,
        successor=successor,
        version=version,
        note=note,
    )


def _procedure_for(code: str, *, create: bool, kind: str) -> Procedure:
    code = (code or "").strip()
    try:
        PROCEDURE_CODE(code)
    except ValidationError as err:
        raise DomainError(
            _("Invalid procedure code: %(code)s.") % {"code": code},
            code="invalid_procedure_code",
            fields={"procedure": [str(err.messages[0])]},
        ) from err
    if create:
        return Procedure.objects.get_or_create(code=code, defaults={"kind": kind})[0]
    try:
        return Procedure.objects.get(code=code)
    except Procedure.DoesNotExist as err:
        raise NotFound(
            _("Procedure %(code)s is not in the catalog.") % {"code": code},
            code="procedure_not_found",
            fields={"procedure": [_("Unknown code.")]},
        ) from err


@transaction.atomic
def sign_decision(
    decision: PublicationDecision,
    *,
    signed_on: dt.date,
    effective_from: dt.date | None = None,
    signer: str = "",
    by=None,
) -> PublicationDecision:
    """Sign a draft decision and apply all its items in one transaction: new versions take effect
    on the effective date (the signing date unless given), ended procedures stop the day before.
    Any item that does not fit the catalog on that date refuses the whole decision."""
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    target = DECISION_TRANSITIONS.get((decision.state, "sign"))
    if target is None:
        raise Conflict(
            _("Decision %(number)s is already signed.") % {"number": decision.number},
            code="transition_not_allowed",
        )
    effective = effective_from or signed_on
    if effective < signed_on:
        raise DomainError(
            _("A decision cannot take effect before it is signed."),
            code="invalid",
            fields={"effective_from": [_("Before the signing date.")]},
        )
    items = list(decision.items.select_related("procedure", "successor", "version"))
    if not items:
        raise DomainError(_("The decision lists no procedure."), code="decision_empty")
    errors: dict[str, list[str]] = {}
    for item in items:
        problem = _check_item(item, effective)
        if problem:
            errors[f"items[{item.order}].procedure"] = [problem]
    if errors:
        raise DomainError(
            _("The decision cannot be signed: %(count)s item(s) do not fit the catalog.")
            % {"count": len(errors)},
            code="decision_items_invalid",
            fields=errors,
        )
    day_before = effective - dt.timedelta(days=1)
    for item in items:
        ending = item.procedure if item.action in (Action.ABOLISHED, Action.REPLACED) else None
        if item.action in (Action.AMENDED, Action.STANDARDIZED):
            ending = item.procedure
        if ending is not None:
            current = selectors.province_version(ending, effective)
            if current is not None:
                current.effective_to = day_before
                current.save(update_fields=["effective_to"])
        if item.version is not None:
            if item.action == Action.REPLACED:
                # The successor may already be published: its new content replaces that version.
                current = selectors.province_version(item.successor, effective)
                if current is not None:
                    current.effective_to = day_before
                    current.save(update_fields=["effective_to"])
            item.version.status = ProcedureVersion.Status.PUBLISHED
            item.version.effective_from = effective
            item.version.save(update_fields=["status", "effective_from"])
    decision.state = target
    decision.signed_on = signed_on
    decision.effective_from = effective
    decision.signer = signer or decision.signer
    decision.signed_at = timezone.now()
    decision.signed_by = by
    decision.save()
    _start_follow_up_duties(decision)
    return decision


def _check_item(item: DecisionItem, effective: dt.date) -> str | None:
    procedure = item.procedure
    current = selectors.province_version(procedure, effective)
    starts_same_day = ProcedureVersion.objects.filter(
        procedure=procedure,
        source=ProcedureVersion.Source.PROVINCE,
        status=ProcedureVersion.Status.PUBLISHED,
        effective_from=effective,
    ).exists()
    ended_same_day = ProcedureVersion.objects.filter(
        procedure=procedure,
        source=ProcedureVersion.Source.PROVINCE,
        status=ProcedureVersion.Status.PUBLISHED,
        effective_to=effective - dt.timedelta(days=1),
    ).exists()
    if starts_same_day or (ended_same_day and current is None):
        return _("%(code)s is already changed by another decision taking effect on %(day)s.") % {
            "code": procedure.code,
            "day": effective.strftime("%d/%m/%Y"),
        }
    if item.action == Action.NEW and current is not None:
        return _("%(code)s is already in the province's list.") % {"code": procedure.code}
    ending = (Action.AMENDED, Action.STANDARDIZED, Action.ABOLISHED, Action.REPLACED)
    if item.action in ending and current is None:
        return _("%(code)s is not in force in the province's list on %(day)s.") % {
            "code": procedure.code,
            "day": effective.strftime("%d/%m/%Y"),
        }
    if item.action == Action.REPLACED and item.successor_id is None:
        return _("A replaced procedure needs its successor.")
    return None


def follow_up_days() -> dict[str, int]:
    return {**DEFAULT_FOLLOW_UP_DAYS, **getattr(django_settings, "CATALOG_FOLLOW_UP_DAYS", {})}


def _start_follow_up_duties(decision: PublicationDecision) -> None:
    from motcua.workdays import selectors as calendar_selectors

    cal = calendar_selectors.calendar()
    start = timezone.make_aware(dt.datetime.combine(decision.signed_on, dt.time(7, 0)))
    FollowUpDuty.objects.bulk_create(
        FollowUpDuty(
            decision=decision,
            kind=kind,
            due_at=cal.add_working_days(start, days),
            calendar_version=cal.version,
        )
        for kind, days in follow_up_days().items()
    )


@transaction.atomic
def complete_duty(duty: FollowUpDuty, *, by=None, note: str = "", at=None) -> FollowUpDuty:
    duty = FollowUpDuty.objects.select_for_update().get(pk=duty.pk)
    if duty.done_at is not None:
        raise Conflict(_("This duty is already done."), code="duty_done")
    duty.done_at = at or timezone.now()
    duty.done_by = by
    duty.note = note
    duty.save(update_fields=["done_at", "done_by", "note"])
    return duty


# --- internal processes -----------------------------------------------------------------------


def _step_days(step: dict, index: int) -> Decimal:
    from motcua.workdays.calendar import quarter_days

    days, hours = step.get("days"), step.get("hours")
    if days is not None and hours is not None:
        raise DomainError(
            _("Step %(n)s: give working days or hours, not both.") % {"n": index},
            code="invalid",
            fields={f"steps[{index}].days": [_("Days or hours, not both.")]},
        )
    if days is not None:
        try:
            quarter_days(days)
        except ValueError as err:
            raise DomainError(
                _("Step %(n)s: working days must be a multiple of 0.25.") % {"n": index},
                code="invalid",
                fields={f"steps[{index}].days": [_("A multiple of 0.25.")]},
            ) from err
        return Decimal(str(days))
    if hours is not None:
        if Decimal(str(hours)) < 0:
            raise DomainError(
                _("Step %(n)s: hours must not be negative.") % {"n": index},
                code="invalid",
                fields={f"steps[{index}].hours": [_("≥ 0.")]},
            )
        return Decimal(str(hours)) / 8
    return Decimal(0)


def legal_limit_days(version: ProcedureVersion, channel: str) -> Decimal | None:
    """The statutory limit in working days for a way of submitting (None: not in working time)."""
    limits = [t for t in version.time_limits.all() if not channel or t.channel == channel]
    values = set()
    for limit in limits:
        if limit.value is None:
            continue
        if limit.unit == TimeLimit.Unit.WORKING_DAYS:
            values.add(limit.value)
        elif limit.unit == TimeLimit.Unit.HOURS:
            values.add(limit.value / 8)
    return values.pop() if len(values) == 1 else None


@transaction.atomic
def save_internal_process(
    procedure: Procedure,
    agency,
    *,
    steps: list[dict],
    effective_from: dt.date,
    channel: str = "",
    approval_decision: str = "",
    approved_on: dt.date | None = None,
) -> InternalProcess:
    """A new version of an agency's internal process for a procedure. The counted steps must add
    up exactly to the legal time limit for that way of submitting (a final return step may be
    marked not counted); the previous version ends the day before."""
    if not steps:
        raise DomainError(
            _("An internal process needs at least one step."),
            code="invalid",
            fields={"steps": [_("This field is required.")]},
        )
    version = selectors.version_in_force(procedure, effective_from)
    if version is None:
        raise DomainError(
            _("Procedure %(code)s is not in force on %(day)s.")
            % {"code": procedure.code, "day": effective_from.strftime("%d/%m/%Y")},
            code="not_in_force",
            fields={"procedure": [_("Not in force.")]},
        )
    total = sum(
        (
            _step_days(step, index)
            for index, step in enumerate(steps, start=1)
            if step.get("counted", True)
        ),
        Decimal(0),
    )
    legal = legal_limit_days(version, channel)
    if legal is None:
        raise DomainError(
            _(
                "The procedure has no single limit in working time for this way of submitting: "
                "choose the way of submitting."
            ),
            code="no_working_time_limit",
            fields={"channel": [_("Choose one.")]},
        )
    if total != legal:
        raise DomainError(
            _("The counted steps add up to %(total)s working days; the legal limit is %(legal)s.")
            % {"total": f"{total.normalize():f}", "legal": f"{legal.normalize():f}"},
            code="process_time_mismatch",
            fields={"steps": [_("Adjust the step durations.")]},
        )
    previous = (
        InternalProcess.objects.select_for_update()
        .filter(procedure=procedure, agency=agency, channel=channel, effective_to__isnull=True)
        .order_by("-number")
        .first()
    )
    if previous is not None:
        if previous.effective_from >= effective_from:
            raise Conflict(
                _("A version of this process already starts on or after %(day)s.")
                % {"day": effective_from.strftime("%d/%m/%Y")},
                code="process_overlap",
                fields={"effective_from": [_("Too early.")]},
            )
        previous.effective_to = effective_from - dt.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    number = (
        InternalProcess.objects.filter(
            procedure=procedure, agency=agency, channel=channel
        ).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    process = InternalProcess.objects.create(
        procedure=procedure,
        agency=agency,
        channel=channel,
        number=number,
        approval_decision=approval_decision,
        approved_on=approved_on,
        effective_from=effective_from,
    )
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            order=index,
            agency=step.get("agency"),
            actor=nfc(step.get("actor", "")),
            role=step.get("role", ""),
            action=nfc(step.get("action", "")),
            output=nfc(step.get("output", "")),
            days=step.get("days"),
            hours=step.get("hours"),
            counted=step.get("counted", True),
        )
        for index, step in enumerate(steps, start=1)
    )
    return process
