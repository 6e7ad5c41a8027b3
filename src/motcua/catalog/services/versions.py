"""A procedure's versions as the catalog writes them: fields from a parsed record, the
children (time limits, fees, documents), numbering and search text."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from django.db.models import Max

from motcua.catalog.models import (
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    TimeLimit,
)
from motcua.catalog.parsing import ParsedRecord


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
