"""A publication decision from its signed document: read (``catalog.decision_reader``), matched
to the catalog and the national records row by row, and — only when the officer confirms —
stored as a draft. Rows that cannot become items are kept on the draft; it cannot be signed
until the officer resolves each one."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog import decision_reader, search, selectors
from motcua.catalog.decision_reader import ReadDecision, Row
from motcua.catalog.models import (
    Channel,
    DecisionItem,
    Field,
    Procedure,
    PublicationDecision,
    TimeLimit,
)
from motcua.catalog.services import decisions
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.core.text import fold, nfc

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
LEVELS = {"province": ",province,", "commune": ",commune,", "common": ",province,commune,"}
WAYS = (("truc tiep", Channel.DIRECT), ("truc tuyen", Channel.ONLINE), ("buu chinh", Channel.POST))
_AMOUNT = re.compile(r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đồng|VNĐ|vnđ)")
_WORKING_DAYS = re.compile(r"(?P<n>\d+(?:,\d+)?)\s*(?:\([^)]*\)\s*)?ngày làm việc", re.IGNORECASE)
_DAYS = re.compile(r"(?P<n>\d+)\s*(?:\([^)]*\)\s*)?ngày(?!\s+làm)", re.IGNORECASE)


@dataclass
class RowCheck:
    """What the catalog makes of one annex row."""

    row: Row
    action: str
    blocking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)
    national_name: str = ""
    by_reference: str = ""  # the ministry's decision the content follows, when no record is known

    @property
    def ok(self) -> bool:
        return not self.blocking


def _too_large() -> DomainError:
    return DomainError(
        _("The file is larger than %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // 1024 // 1024},
        code="file_too_large",
        fields={"file": [_("Too large.")]},
    )


def read_document(data: bytes, filename: str = "") -> ReadDecision:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _too_large()
    return decision_reader.read(data, filename)


def read_upload(upload) -> tuple[bytes, ReadDecision]:
    """An uploaded document's bytes and reading; its size is checked before it is read."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise _too_large()
    data = upload.read()
    return data, read_document(data, upload.name)


def _day(read: ReadDecision) -> dt.date:
    return read.effective_on or read.date or timezone.localdate()


def _candidates(name: str, on: dt.date) -> list[dict]:
    if not name:
        return []
    found = search.search(name, on=on, limit=3).versions
    return [{"code": v.procedure.code, "name": v.name} for v in found]


def _overlap(a: str, b: str) -> float:
    left, right = set(fold(a).split()), set(fold(b).split())
    return len(left & right) / max(1, min(len(left), len(right)))


def check(read: ReadDecision, fixes: dict[int, str] | None = None) -> list[RowCheck]:
    """Each row against the catalog on the decision's effective day; ``fixes`` give a code to
    rows by their order (the officer's corrections)."""
    on = _day(read)
    fixes = fixes or {}
    checks = []
    for row in read.rows:
        code = nfc(fixes.get(row.order, "")) or row.code
        if code != row.code:
            row.code, _suffix = decision_reader.national_code(code)
            row.code = row.code or code
        result = RowCheck(row=row, action=row.action)
        checks.append(result)
        if not row.code:
            result.candidates = _candidates(row.name, on)
            result.blocking.append(
                _("No code: give the procedure's national code (see the ministry's decision).")
            )
            continue
        procedure = Procedure.objects.filter(code=row.code).first()
        in_force = procedure is not None and selectors.province_version(procedure, on) is not None
        record = selectors.version_in_force(procedure, on) if procedure else None
        if record is not None:
            result.national_name = record.name
            if row.name and _overlap(row.name, record.name) < 0.6:
                result.warnings.append(
                    _("The name differs from the catalog's: “%(name)s”.") % {"name": record.name}
                )
        if not result.action:
            result.action = DecisionItem.Action.AMENDED if in_force else DecisionItem.Action.NEW
            result.warnings.append(
                _("The kind of change is not stated: read as “%(action)s” from the catalog.")
                % {"action": DecisionItem.Action(result.action).label}
            )
        if result.action == DecisionItem.Action.NEW:
            if in_force:
                result.blocking.append(_("Already in the province's list: not a new procedure."))
            elif record is None and procedure is None:
                result.by_reference = read.ministry_decisions[0] if read.ministry_decisions else ""
                result.warnings.append(
                    _("No national record yet: the content follows %(decision)s until it is known.")
                    % {"decision": result.by_reference or _("the ministry's decision")}
                )
        elif procedure is None:
            result.blocking.append(_("Not in the catalog: check the code."))
        elif not in_force:
            result.blocking.append(
                _("Not in force in the province's list on %(day)s.")
                % {"day": on.strftime("%d/%m/%Y")}
            )
        if result.action == DecisionItem.Action.REPLACED and not row.successor:
            result.blocking.append(_("A replaced procedure needs its successor."))
    return checks


def summary(read: ReadDecision, checks: list[RowCheck]) -> dict:
    """The reading in one object (``motcua import-decision --json`` and the API)."""
    counts = {"new": 0, "amended": 0, "replaced": 0, "abolished": 0}
    for result in checks:
        if result.action in counts:
            counts[result.action] += 1
    problems = [{"row": None, "code": p.code, "message": str(p.message)} for p in read.problems] + [
        {
            "row": c.row.order,
            "procedure": c.row.code,
            "name": c.row.name,
            "code": "row_blocking" if c.blocking else "row_warning",
            "message": " ".join(c.blocking + c.warnings),
            "candidates": c.candidates,
        }
        for c in checks
        if c.blocking or c.warnings
    ]
    return {
        "number": read.number,
        "date": read.date.isoformat() if read.date else None,
        "signer": read.signer,
        "items": counts,
        "codes": [c.row.code for c in checks if c.row.code],
        "duties": [{"kind": d.kind, "days": d.days, "unit": d.unit} for d in read.duties],
        "problems": problems,
    }


def _time_limits(row: Row) -> list[dict]:
    text = row.time_limit
    if not text:
        return []
    working = {m.group("n") for m in _WORKING_DAYS.finditer(text)}
    plain = {m.group("n") for m in _DAYS.finditer(text)}
    value, unit = None, ""
    if len(working) == 1 and not plain:
        value, unit = Decimal(working.pop().replace(",", ".")), TimeLimit.Unit.WORKING_DAYS
    elif len(plain) == 1 and not working:
        value, unit = Decimal(plain.pop()), TimeLimit.Unit.DAYS
    ways = fold(f"{row.ways} {row.place}")
    channels = [channel for phrase, channel in WAYS if phrase in ways] or [Channel.DIRECT]
    # The field holds 500 characters; a longer text is kept whole in the description.
    short = text[:500].rstrip()
    return [
        {
            "channel": channel,
            "value": value,
            "unit": unit,
            "text": short,
            "description": text if short != text else "",
        }
        for channel in channels
    ]


def _fees(row: Row) -> list[dict]:
    text = row.fee.strip()
    if not text:
        return []
    folded = fold(text)
    if folded in ("khong", "khong quy dinh", "mien phi", "khong co"):
        return [{"amount": 0, "currency": "VND", "text": text}]
    amounts = {m.group("n") for m in _AMOUNT.finditer(text)}
    amount = int(amounts.pop().replace(".", "")) if len(amounts) == 1 else None
    return [{"amount": amount, "currency": "VND" if amount is not None else "", "text": text}]


def _changes(result: RowCheck, read: ReadDecision) -> dict:
    row = result.row
    changes: dict = {}
    if row.name:
        changes["name"] = row.name
    if row.field:
        changes["field"] = Field.objects.filter(folded=fold(row.field)).first() or (
            Field.objects.create(name=row.field)
        )
    if row.level in LEVELS:
        changes["levels"] = LEVELS[row.level]
    for attribute, value in (
        ("receiving_address", row.place),
        ("legal_basis_text", row.legal_basis),
        ("change_note", row.note),
    ):
        if value:
            changes[attribute] = value
    if result.by_reference:
        changes["national_decision"] = result.by_reference
    children = {}
    if limits := _time_limits(row):
        children["time_limits"] = limits
    if fees := _fees(row):
        children["fees"] = fees
    if children:
        changes["children"] = children
    return changes


def _unresolved(result: RowCheck, read: ReadDecision) -> dict:
    row = result.row
    return {
        "ministry_decisions": read.ministry_decisions,
        "order": row.order,
        "action": result.action,
        "code": row.code,
        "name": row.name,
        "problem": " ".join(result.blocking),
        "candidates": result.candidates,
        "row": {k: v for k, v in vars(row).items() if isinstance(v, str | int)},
    }


@transaction.atomic
def create_draft(
    read: ReadDecision,
    *,
    fixes: dict[int, str] | None = None,
    filename: str = "",
    data: bytes = b"",
    by=None,
) -> PublicationDecision:
    """The draft decision the document describes: rows that fit become items, the others are
    kept to resolve. Everything or nothing."""
    if not read.number:
        raise DomainError(
            _("The decision's number was not found in the document."),
            code="decision_number_missing",
            fields={"file": [_("No number.")]},
        )
    checks = check(read, fixes)
    decision = decisions.create_decision(
        read.number,
        title=read.title,
        signer=read.signer,
        legal_basis="\n".join(read.grounds),
        created_by=by,
    )
    decision.dated_on = read.date
    decision.effective_from = read.effective_on
    decision.authority = read.authority
    decision.place = read.place
    decision.signer_title = read.signer_title
    decision.recipients = "\n".join(read.recipients)
    decision.follow_up = [
        {"kind": d.kind, "days": d.days, "unit": d.unit, "text": d.text} for d in read.duties
    ]
    unresolved = []
    for result in checks:
        blocking_before_item = not result.row.code or (
            result.action != DecisionItem.Action.NEW
            and not Procedure.objects.filter(code=result.row.code).exists()
        )
        if blocking_before_item:
            unresolved.append(_unresolved(result, read))
            continue
        try:
            with transaction.atomic():
                _add(decision, result, read)
        except DomainError as err:
            result.blocking.append(str(err.message))
            unresolved.append(_unresolved(result, read))
    processes, process_problems = _process_plan(read, checks, start=len(read.rows))
    decision.processes = processes
    decision.unresolved = unresolved + process_problems
    if data:
        decision.source_document.save(filename or "decision.docx", ContentFile(data), save=False)
    decision.save()
    return decision


def _add(decision: PublicationDecision, result: RowCheck, read: ReadDecision) -> DecisionItem:
    row = result.row
    ending = result.action == DecisionItem.Action.ABOLISHED
    note = row.abolished_by if ending else row.note
    return decisions.add_item(
        decision,
        result.action,
        row.code,
        successor_code=row.successor or None,
        changes=None if ending else _changes(result, read),
        note=note,
    )


def _agencies_by_name(on: dt.date) -> list[tuple[str, Agency]]:
    """The agencies a step's unit may name on ``on``, with their folded names (read once per
    decision, not once per step)."""
    agencies = Agency.objects.valid_on(on).filter(
        level__in=[Agency.Level.DEPARTMENT, Agency.Level.PROVINCE, Agency.Level.OTHER]
    )
    return [(fold(agency.name), agency) for agency in agencies]


def _agency_named(actor: str, known: list[tuple[str, Agency]]) -> Agency | None:
    """The agency a step's unit names ("Sở Tư pháp" -> "Sở Tư pháp tỉnh Thái Nguyên")."""
    folded = fold(actor)
    if not folded.startswith(("so ", "uy ban", "ubnd", "van phong", "cong an", "ban quan ly")):
        return None
    found = [
        agency for name, agency in known if name == folded or name.startswith(folded + " tinh")
    ]
    return found[0] if len(found) == 1 else None


def _process_total(process: decision_reader.Process) -> Decimal:
    """Working days the process counts: its steps outside shared budgets, and the budgets."""
    inside = {n for seg in process.segments for n in range(seg.first, seg.last + 1)}
    steps = sum(
        (
            (step.days or Decimal(0)) + (step.hours or Decimal(0)) / 8
            for step in process.steps
            if step.counted and step.order not in inside
        ),
        Decimal(0),
    )
    return steps + sum((seg.days or Decimal(0) for seg in process.segments), Decimal(0))


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _process_plan(
    read: ReadDecision, checks: list[RowCheck], *, start: int
) -> tuple[list[dict], list[dict]]:
    """The internal processes the decision approves, each tied to its procedure and agency;
    what cannot be tied is a row to resolve (numbered after the annex rows)."""
    known = _agencies_by_name(_day(read)) if read.processes else []
    planned, problems = [], []
    for number, process in enumerate(read.processes, start=start + 1):
        code = process.code
        if not code:
            heading = fold(process.heading)
            named = [c for c in checks if c.row.name and fold(c.row.name) in heading]
            code = named[0].row.code if len(named) == 1 else ""
        agency = next(
            (a for step in process.steps if (a := _agency_named(step.actor, known)) is not None),
            None,
        )
        entry = {
            "order": number,
            "code": code,
            "heading": process.heading[:500],
            "agency": agency.code if agency else "",
            "steps": [
                {
                    "actor": step.actor[:255],
                    "action": step.action,
                    "days": _decimal(step.days),
                    "hours": _decimal(step.hours),
                    "counted": step.counted,
                }
                for step in process.steps
            ],
            "segments": [
                {
                    "first": seg.first,
                    "last": seg.last,
                    "days": _decimal(seg.days),
                    "actor": seg.actor,
                }
                for seg in process.segments
            ],
            "total": _decimal(process.total_days),
        }
        why = []
        if not code:
            why.append(_("Internal process: which procedure? Give its code."))
        if agency is None:
            why.append(_("Internal process: which agency? Give its identifier code."))
        if any(seg.days is None for seg in process.segments):
            why.append(_("Internal process: a shared budget has no time."))
        legal = next(
            (
                limit["value"]
                for c in checks
                if c.row.code == code
                for limit in _time_limits(c.row)
                if limit["unit"] == TimeLimit.Unit.WORKING_DAYS
            ),
            None,
        )
        total = _process_total(process)
        if legal is not None and total != legal:
            why.append(
                _(
                    "Internal process: its counted steps add up to %(total)s working days; the "
                    "legal limit is %(legal)s."
                )
                % {"total": f"{total.normalize():f}", "legal": f"{legal.normalize():f}"}
            )
        if why:
            problems.append(
                {
                    "order": number,
                    "kind": "process",
                    "action": "",
                    "code": code,
                    "name": process.heading[:300],
                    "problem": " ".join(why),
                    "candidates": [],
                    "process": entry,
                }
            )
        else:
            planned.append(entry)
    return planned, problems


@transaction.atomic
def resolve_row(
    decision: PublicationDecision,
    order: int,
    *,
    code: str = "",
    drop: bool = False,
    agency: str = "",
) -> PublicationDecision:
    """The officer's answer to a row that could not become an item: its code, or dropping it
    (the row was not a procedure, or the decision is to be corrected)."""
    decision = PublicationDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != PublicationDecision.State.DRAFT:
        raise Conflict(
            _("Decision %(number)s is signed; it can no longer change.")
            % {"number": decision.number},
            code="decision_signed",
        )
    rows = list(decision.unresolved)
    found = next((r for r in rows if r["order"] == order), None)
    if found is None:
        raise NotFound(_("No such row to resolve."), code="row_not_found")
    if not drop and found.get("kind") == "process":
        _resolve_process(decision, found, code=code, agency=agency)
    elif not drop:
        national, _suffix = decision_reader.national_code(code)
        if not national:
            raise DomainError(
                _("Invalid procedure code: %(code)s.") % {"code": code},
                code="invalid_procedure_code",
                fields={"code": [_("A code such as 1.001234.")]},
            )
        row = Row(**found["row"])
        row.code = national
        read = ReadDecision(
            number=decision.number,
            date=decision.dated_on,
            effective_on=decision.effective_from,
            ministry_decisions=found.get("ministry_decisions", []),
            rows=[row],
        )
        result = check(read)[0]
        result.action = found["action"] or result.action
        if (
            result.action != DecisionItem.Action.NEW
            and not Procedure.objects.filter(code=national).exists()
        ):
            message = _("Procedure %(code)s is not in the catalog.") % {"code": national}
            raise NotFound(message, code="procedure_not_found", fields={"code": [message]})
        _add(decision, result, read)
    decision.unresolved = [r for r in rows if r["order"] != order]
    decision.save(update_fields=["unresolved", "processes"])
    return decision


def _resolve_process(decision: PublicationDecision, found: dict, *, code: str, agency: str) -> None:
    entry = dict(found["process"])
    if code:
        national, _suffix = decision_reader.national_code(code)
        if not national or not decision.items.filter(procedure__code=national).exists():
            message = _("Procedure %(code)s is not an item of this decision.") % {"code": code}
            raise DomainError(message, code="procedure_not_in_decision", fields={"code": [message]})
        entry["code"] = national
    if agency:
        if not Agency.objects.filter(code=agency).exists():
            message = _("Unknown agency code: %(code)s.") % {"code": agency}
            raise DomainError(message, code="agency_not_found", fields={"agency": [message]})
        entry["agency"] = agency
    if not entry["code"] or not entry["agency"]:
        message = _("Give the procedure's code and the agency's identifier code.")
        raise DomainError(message, code="process_unresolved", fields={"code": [message]})
    decision.processes = [*decision.processes, entry]


# --- an upload between the officer's preview and confirmation --------------------------------

STAGED_DIR = "catalog/decisions/staged"
STAGED_MAX_AGE = 24 * 3600  # seconds a preview stays confirmable
_SALT = "motcua.catalog.decision-document"


def stage_upload(data: bytes, filename: str, *, user_id: int | None) -> str:
    """Keep an uploaded document while the officer looks at its reading; the token names it for
    this officer only. Nothing of the catalog is written."""
    discard_stale_uploads()
    suffix = ".pdf" if data[:4] == b"%PDF" else ".docx"
    name = default_storage.save(f"{STAGED_DIR}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    return signing.dumps({"path": name, "user": user_id, "name": filename[:200]}, salt=_SALT)


def staged_upload(token: str, *, user_id: int | None) -> tuple[bytes, str, str]:
    """(data, original file name, storage path) of a staged upload; refused when the token is
    forged, stale, someone else's or already used."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=STAGED_MAX_AGE)
    except signing.BadSignature:
        value = None
    if not value or value.get("user") != user_id or not default_storage.exists(value["path"]):
        raise DomainError(
            _("This preview has expired: upload the document again."),
            code="preview_expired",
            fields={"file": [_("Upload again.")]},
        )
    with default_storage.open(value["path"], "rb") as fh:
        return fh.read(), value["name"], value["path"]


def discard_stale_uploads() -> None:
    try:
        _dirs, files = default_storage.listdir(STAGED_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - dt.timedelta(seconds=STAGED_MAX_AGE)
    for name in files:
        path = f"{STAGED_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue
