"""Importing the national procedure records: from a file, from an upload queued as a
background job, with progress and a report."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from motcua.catalog.models import (
    Field,
    ImportJob,
    Procedure,
    ProcedureVersion,
)
from motcua.catalog.parsing import ParsedRecord, parse_record
from motcua.catalog.services.versions import (
    _content_hash,
    _fields_cache,
    create_children,
    next_version_number,
    version_fields_from,
)
from motcua.core.errors import DomainError


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
        units = ", ".join(f"{unit or _('not given')} {n}" for unit, n in self.units.most_common())
        lines = [
            _(
                "Read %(lines)s lines: %(created)s new procedures, %(updated)s updated (new "
                "versions), %(unchanged)s unchanged, %(rejected)s refused."
            )
            % {
                "lines": self.lines,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "rejected": len(self.rejected),
            },
            _(
                "Time limits: %(limits)s (by way of submitting), %(numbered)s with a number; "
                "units: %(units)s"
            )
            % {
                "limits": self.time_limits,
                "numbered": self.time_limits_with_number,
                "units": units,
            },
            _("Records to review: %(n)s.") % {"n": self.flagged_records},
        ]
        for flag, count in self.flags.most_common():
            lines.append(f"  - {flag}: {count}")
        for line_no, reason in self.rejected[:50]:
            lines.append("  ! " + _("line %(n)s: %(reason)s") % {"n": line_no, "reason": reason})
        return "\n".join(lines)


def read_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
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
            report.rejected.append((line_no, _("invalid JSON (%(error)s)") % {"error": err}))
            continue
        parsed = parse_record(raw)
        if "code_invalid" in parsed.flags or not parsed.name:
            report.rejected.append(
                (line_no, _("invalid procedure code: %(code)r") % {"code": parsed.code})
            )
            continue
        for flag in parsed.flags:
            report.flags[flag.split(":")[0]] += 1
        report.flagged_records += bool(parsed.flags)
        for limit in parsed.time_limits:
            report.time_limits += 1
            report.time_limits_with_number += limit.value is not None
            report.units[limit.unit] += 1
        with transaction.atomic():
            outcome = store_national_record(parsed, raw, on, fields)
        setattr(report, outcome, getattr(report, outcome) + 1)
    refresh_statistics()
    return report


CATALOG_TABLES = (
    "procedure",
    "procedureversion",
    "timelimit",
    "fee",
    "requireddocument",
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


def store_national_record(
    parsed: ParsedRecord, raw: dict, on: dt.date, fields: dict[str, Field] | None = None
) -> str:
    """Store one national record as the procedure's national track ("created", "updated" or
    "unchanged" when the same record is already held); the caller holds the transaction."""
    fields = _fields_cache() if fields is None else fields
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


@task()
def import_national_job(job_id: int) -> dict:
    """Import an uploaded file of national records (ImportJob) and return its summary (the
    background task ``start_import`` queues)."""
    return run_import(ImportJob.objects.get(pk=job_id)).summary
