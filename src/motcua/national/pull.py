"""The national procedure database into the catalog (``motcua pull_national_catalog`` and the
control office's button): the province's procedures read with ``LayDanhSachTTHC`` and
``LayThuTuc``, compared with the national records the catalog holds, the new records stored as
the catalog's national track (as the import of national records does), and a draft publication
decision listing what the national side added, changed or abolished for the control office to
localise and sign.

Everything is read first; then one transaction writes the national track and the draft. A
national side that stops answering halfway writes nothing, so no change is stored without its
draft item (the next reading would not see it as a change)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog import services as catalog
from motcua.catalog.models import (
    DecisionItem,
    Fee,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
    RequiredDocument,
    TimeLimit,
)
from motcua.catalog.parsing import CODE, ParsedRecord
from motcua.core.errors import DomainError
from motcua.core.text import nfc
from motcua.national.client import Client, NationalError, Refused
from motcua.national.models import CatalogPull
from motcua.national.records import parse_thu_tuc

Action = DecisionItem.Action

# What a national record says, aspect by aspect, with the version fields (or children) that an
# amendment takes from it. The labels are the catalog's own field names.
ASPECTS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "field": ("field",),
    "levels": ("levels",),
    "subjects": ("subjects",),
    "steps": ("steps", "cutoff"),
    "time_limits": (),
    "fees": (),
    "documents": ("documents_text",),
    "conditions": ("conditions",),
    "result": ("result",),
    "implementing_agency": ("implementing_agency",),
    "legal_basis": ("legal_basis", "legal_basis_text"),
}
CHILDREN = {"time_limits": TimeLimit, "fees": Fee, "documents": RequiredDocument}
# Fields of the national track that LayThuTuc does not carry: kept from the record held.
CARRIED = (
    "procedure_type",
    "competent_agency",
    "receiving_address",
    "delegated_agency",
    "cooperating_agency",
    "related_procedures",
    "national_decision",
    "source_url",
)


def aspect_label(aspect: str) -> str:
    model = CHILDREN.get(aspect)
    if model is not None:
        return str(model._meta.verbose_name_plural)
    return str(getattr(ProcedureVersion._meta.get_field(aspect), "verbose_name", aspect))


def _text(value: object) -> str:
    return " ".join(nfc(str(value or "")).split())


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def content_of_record(record: ParsedRecord) -> dict[str, object]:
    """What a national record says, comparable with ``content_of_version``."""
    return {
        "name": _text(record.name),
        "field": _text(record.field),
        "levels": sorted(record.levels),
        "subjects": _text(record.subjects),
        "steps": _text(record.texts.get("steps")),
        "time_limits": sorted(
            (t.channel, _number(t.value), t.unit or "") for t in record.time_limits
        ),
        "fees": sorted((f.channel, f.amount or 0, f.currency) for f in record.fees),
        # The catalog keeps a sub-case's title to 500 characters.
        "documents": [(_text(d.group[:500]), _text(d.name)) for d in record.documents],
        "conditions": _text(record.texts.get("conditions")),
        "result": _text(record.texts.get("result")),
        "implementing_agency": _text(record.texts.get("implementing_agency")),
        "legal_basis": sorted(_text(r.get("code") or r.get("title")) for r in record.legal_basis),
    }


def content_of_version(version: ProcedureVersion) -> dict[str, object]:
    return {
        "name": _text(version.name),
        "field": _text(version.field.name if version.field else ""),
        "levels": sorted(level for level in version.levels.split(",") if level),
        "subjects": _text(version.subjects),
        "steps": _text(version.steps),
        "time_limits": sorted(
            (t.channel, _number(t.value), t.unit) for t in version.time_limits.all()
        ),
        "fees": sorted((f.channel, f.amount or 0, f.currency) for f in version.fees.all()),
        "documents": [(_text(d.group), _text(d.name)) for d in version.documents.all()],
        "conditions": _text(version.conditions),
        "result": _text(version.result),
        "implementing_agency": _text(version.implementing_agency),
        "legal_basis": sorted(
            _text(r.get("code") or r.get("title"))
            for r in version.legal_basis
            if isinstance(r, dict)
        ),
    }


def changed_aspects(record: ParsedRecord, version: ProcedureVersion) -> list[str]:
    """The aspects in which ``record`` differs from ``version`` (levels only when the national
    answer gives them: not every adapter does)."""
    ours, theirs = content_of_version(version), content_of_record(record)
    return [
        aspect
        for aspect in ASPECTS
        if ours[aspect] != theirs[aspect] and (aspect != "levels" or record.levels)
    ]


def abolished_states() -> set[str]:
    # TRANGTHAI's values are not published (⚠): the ones that mean "no longer in force".
    return {str(value).strip().lower() for value in settings.NATIONAL["CATALOG_ABOLISHED"]}


@dataclass
class Reading:
    """What the national side answered: the listing and each procedure's record."""

    listed: list[tuple[str, str]] = field(default_factory=list)
    records: dict[str, dict] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)


def read(client: Client, unit: str) -> Reading:
    """Ask the national side; ``NationalError`` when it cannot be read to the end (a refusal of
    one procedure's record is noted and the others read)."""
    reading = Reading()
    listing = client.call("LayDanhSachTTHC", unit, {}, share=True).get("result")
    if not isinstance(listing, list):
        raise Refused(_("The national procedure list is not a list."))
    for row in listing:
        code = _text(row.get("MATTHC")) if isinstance(row, dict) else ""
        if not CODE.match(code):
            reading.refused.append((code, _("Not a procedure code.")))
            continue
        reading.listed.append((code, _text(row.get("TENTTHC"))))
    for code, _name in reading.listed:
        try:
            result = client.call("LayThuTuc", unit, {"maTTHC": code}, share=True).get("result")
        except Refused as err:
            reading.refused.append((code, err.message))
            continue
        record = result[0] if isinstance(result, list) and result else result
        if not isinstance(record, dict) or _text(record.get("MATTHC")) != code:
            reading.refused.append((code, _("The national side gave no record for it.")))
            continue
        reading.records[code] = record
    return reading


def _national_in_force(codes: set[str], on: dt.date) -> dict[str, ProcedureVersion]:
    versions = (
        catalog_selectors.versions_in_force(on, source=ProcedureVersion.Source.NATIONAL)
        .filter(procedure__code__in=codes)
        .select_related("procedure", "field")
        .prefetch_related("time_limits", "fees", "documents")
        .order_by("procedure_id", "-number")
    )
    held: dict[str, ProcedureVersion] = {}
    for version in versions:
        held.setdefault(version.procedure.code, version)
    return held


def _province_list(on: dt.date) -> dict[str, ProcedureVersion]:
    """The province's procedures in force, by code (a localised copy under its national code)."""
    versions = catalog_selectors.versions_in_force(on, source=ProcedureVersion.Source.PROVINCE)
    found: dict[str, ProcedureVersion] = {}
    for version in versions.select_related("procedure").order_by("-number"):
        found.setdefault(version.procedure.code, version)
    return found


def _in_drafts() -> dict[str, str]:
    """Procedures already listed in a draft decision: code → decision number."""
    return dict(
        DecisionItem.objects.filter(decision__state=PublicationDecision.State.DRAFT).values_list(
            "procedure__code", "decision__number"
        )
    )


def _draft_number(on: dt.date) -> str:
    base = f"QG-{on:%Y%m%d}"
    for suffix in itertools.count(1):
        number = base if suffix == 1 else f"{base}-{suffix}"
        if not PublicationDecision.objects.filter(number=number).exists():
            return number
    raise AssertionError("unreachable")  # pragma: no cover


def _child_rows(version: ProcedureVersion, aspect: str) -> list[dict]:
    if aspect == "time_limits":
        return [
            {
                k: getattr(t, k)
                for k in ("channel", "sub_case", "value", "unit", "text", "description")
            }
            for t in version.time_limits.all()
        ]
    if aspect == "fees":
        return [
            {k: getattr(f, k) for k in ("channel", "amount", "currency", "text")}
            for f in version.fees.all()
        ]
    return [
        {
            k: getattr(d, k)
            for k in ("group", "name", "originals", "copies", "required", "form_name")
        }
        for d in version.documents.all()
    ]


def _amendment(province: ProcedureVersion, national: ProcedureVersion, aspects: list[str]) -> dict:
    """The province's version with the national record's changed aspects taken in: what the
    province localised elsewhere (its agencies, its cut time limits) stays."""
    changes: dict = {}
    for aspect in aspects:
        for name in ASPECTS[aspect]:
            changes[name] = getattr(national, name)
    if any(aspect in CHILDREN for aspect in aspects):
        changes["children"] = {
            aspect: _child_rows(national if aspect in aspects else province, aspect)
            for aspect in CHILDREN
        }
    labels = ", ".join(aspect_label(aspect) for aspect in aspects)
    changes["change_note"] = _("Changed on the national procedure database: %(what)s.") % {
        "what": labels
    }
    return changes


def _store(
    code: str, record: ParsedRecord, raw: dict, held: ProcedureVersion | None, on: dt.date
) -> ProcedureVersion | None:
    """The national record as the procedure's national track; what LayThuTuc does not carry is
    kept from the record held."""
    if held is not None and not record.levels:
        record.levels = [level for level in held.levels.split(",") if level]
    catalog.store_national_record(record, {**raw, "_service": "LayThuTuc"}, on)
    version = (
        catalog_selectors.versions_in_force(on, source=ProcedureVersion.Source.NATIONAL)
        .filter(procedure__code=code)
        .order_by("-number")
        .first()
    )
    if version is not None and held is not None:
        kept = {name: getattr(held, name) for name in CARRIED if not getattr(version, name)}
        ProcedureVersion.objects.filter(pk=version.pk).update(**kept)
    return version


def apply(reading: Reading, *, on: dt.date, by=None) -> tuple[dict, PublicationDecision | None]:
    """Compare, store and draft, in one transaction. Returns the report and the draft (None when
    there is nothing for the province to publish)."""
    abolished_words = abolished_states()
    listed = dict(reading.listed)
    report: dict = {
        "added": [],
        "changed": [],
        "abolished": [],
        "unchanged": 0,
        "refused": [list(row) for row in reading.refused],
        "in_draft": [],
    }
    with transaction.atomic():
        held = _national_in_force(set(listed), on)
        province = _province_list(on)
        drafts = _in_drafts()
        items: list[tuple[str, str, dict | None, str]] = []  # action, code, changes, note
        for code, name in reading.listed:
            raw = reading.records.get(code)
            if raw is None:
                continue
            if _text(raw.get("TRANGTHAI")).lower() in abolished_words:
                if code in province:
                    report["abolished"].append([code, name, _("Abolished on the national side.")])
                    items.append(
                        (Action.ABOLISHED, code, None, _("Abolished on the national side."))
                    )
                if code in held:
                    held[code].effective_to = on - dt.timedelta(days=1)
                    held[code].save(update_fields=["effective_to"])
                continue
            record = parse_thu_tuc(raw)
            if not record.name:
                report["refused"].append([code, _("The national record has no name.")])
                continue
            current = held.get(code)
            if current is None:
                _store(code, record, raw, None, on)
                report["added"].append([code, record.name or name])
                if code not in province:
                    items.append((Action.NEW, code, None, _("New on the national side.")))
                continue
            aspects = changed_aspects(record, current)
            if not aspects:
                report["unchanged"] += 1
                continue
            national = _store(code, record, raw, current, on)
            report["changed"].append([code, record.name or name, aspects])
            if code in province and national is not None:
                items.append(
                    (
                        Action.AMENDED,
                        code,
                        _amendment(province[code], national, aspects),
                        _("Changed on the national side."),
                    )
                )
        # The province's procedures the national side no longer lists for it (a localised
        # copy, 1.012781.H03, follows its national code; the province's own are not listed).
        listed_codes = set(listed) | {code for code, _message in reading.refused}
        for code, version in sorted(province.items()):
            if (
                listed
                and version.procedure.kind == Procedure.Kind.EXTERNAL
                and code[:8] not in listed_codes
            ):
                note = _("No longer in the province's national list.")
                report["abolished"].append([code, version.name, note])
                items.append((Action.ABOLISHED, code, None, note))
        kept = []
        for item in items:
            if item[1] in drafts:  # already in an open draft: not drafted twice
                report["in_draft"].append([item[1], drafts[item[1]]])
            else:
                kept.append(item)
        items = kept
        decision = None
        if items:
            decision = catalog.create_decision(
                _draft_number(on),
                title=_(
                    "Draft from the national procedure database of %(day)s: %(new)s new, "
                    "%(amended)s amended, %(abolished)s abolished"
                )
                % {
                    "day": on.strftime("%d/%m/%Y"),
                    "new": sum(1 for item in items if item[0] == Action.NEW),
                    "amended": sum(1 for item in items if item[0] == Action.AMENDED),
                    "abolished": sum(1 for item in items if item[0] == Action.ABOLISHED),
                },
                created_by=by,
            )
            for action, code, changes, note in items:
                catalog.add_item(decision, action, code, changes=changes, note=note)
    return report, decision


def run(
    pull: CatalogPull, *, client: Client | None = None, on: dt.date | None = None
) -> CatalogPull:
    """Read the national side and apply what it says (a queued or new pull); the pull records the
    outcome, a failure included."""
    on = on or timezone.localdate()
    claimed = CatalogPull.objects.filter(pk=pull.pk, state=CatalogPull.State.QUEUED).update(
        state=CatalogPull.State.RUNNING
    )
    if not claimed:  # already run or running: a task delivered twice reads once
        pull.refresh_from_db()
        return pull
    try:
        reading = read(client or Client.configured(), str(settings.NATIONAL["UNIT"]))
        report, decision = apply(reading, on=on, by=pull.created_by)
    except (NationalError, DomainError) as err:
        _failed(pull, str(err.message))
    except Exception as err:  # the pull must say it failed, whatever stopped it
        _failed(pull, str(err))
        raise
    else:
        CatalogPull.objects.filter(pk=pull.pk).update(
            state=CatalogPull.State.DONE,
            listed=len(reading.listed),
            report=report,
            decision=decision,
            finished_at=timezone.now(),
        )
    pull.refresh_from_db()
    return pull


def _failed(pull: CatalogPull, message: str) -> None:
    CatalogPull.objects.filter(pk=pull.pk).update(
        state=CatalogPull.State.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def start(*, by=None) -> CatalogPull:
    """Queue a reading (the button); the background worker runs it."""
    pull = CatalogPull.objects.create(created_by=by)
    transaction.on_commit(lambda: pull_catalog_job.enqueue(pull.pk))
    return pull


@task()
def pull_catalog_job(pull_id: int) -> str:
    """Read the national procedure database into the catalog (a ``CatalogPull``)."""
    return run(CatalogPull.objects.get(pk=pull_id)).state


def summary(done: CatalogPull) -> str:
    """One line on a finished pull, for the command and the page."""
    report = done.report or {}
    text = _(
        "%(listed)s procedures listed: %(added)s added, %(changed)s changed, %(abolished)s "
        "abolished, %(unchanged)s unchanged, %(refused)s unreadable."
    ) % {
        "listed": done.listed,
        "added": len(report.get("added", [])),
        "changed": len(report.get("changed", [])),
        "abolished": len(report.get("abolished", [])),
        "unchanged": report.get("unchanged", 0),
        "refused": len(report.get("refused", [])),
    }
    if done.decision is not None:
        text += " " + _("Draft decision %(number)s.") % {"number": done.decision.number}
    if report.get("in_draft"):
        text += " " + _("%(n)s already in a draft decision.") % {"n": len(report["in_draft"])}
    return text
