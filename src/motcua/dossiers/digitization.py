"""Digitization (số hóa): a scan is accepted only when its bytes are a PDF, JPEG or PNG (checked by
content, not by name) within the size limit; it is stored with its SHA-256 and the officer who
vouches that it matches the paper, and the journal records it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.core.dates import read_day
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.text import fold, nfc
from motcua.dossiers import journal, ocr, signing, tally
from motcua.dossiers.models import DigitizedCopy, Dossier, ReadField, State

ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def sniff(data: bytes) -> str:
    """The MIME type the bytes really are, or a clear refusal."""
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime not in ALLOWED:
        raise DomainError(
            _("Only PDF, JPEG or PNG files are accepted (checked by their content)."),
            code="file_type",
            fields={"file": [_("Not a PDF, JPEG or PNG file.")]},
        )
    return kind.mime


def check_size(size: int) -> None:
    if not size:
        raise DomainError(_("The file is empty."), code="invalid", fields={"file": [_("Empty.")]})
    if size > settings.DOSSIER_MAX_UPLOAD_MB * 1024 * 1024:
        raise DomainError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.DOSSIER_MAX_UPLOAD_MB},
            code="file_too_large",
            fields={"file": [_("Too large.")]},
        )


@transaction.atomic
def digitize(
    code: str,
    *,
    data: bytes,
    name: str,
    pages: int,
    user,
    document_id: int | None = None,
    signature: str = "",
    at: dt.datetime | None = None,
) -> DigitizedCopy:
    """Attach a scan to a document handed in (``document_id``) or, without one, to the result.
    ``at`` is when it was vouched for (now, unless a past day is being recorded)."""
    check_size(len(data))
    if not 1 <= pages <= 2000:
        raise DomainError(
            _("Give the number of pages of the paper (1 to 2,000)."),
            code="invalid",
            fields={"pages": [_("Between 1 and 2,000.")]},
        )
    mime = sniff(data)
    dossier = journal.lock(code)
    kind = DigitizedCopy.Kind.DOCUMENT if document_id else DigitizedCopy.Kind.RESULT
    document = None
    if document_id:
        document = dossier.documents.filter(pk=document_id).first()
        if document is None:
            raise DomainError(
                _("This dossier has no such document."),
                code="invalid",
                fields={"document": [_("Not a document of this dossier.")]},
            )
        permission, agency = Perm.DOSSIER_RECEIVE, dossier.receiving_agency
    else:
        if dossier.state not in (State.RESOLVED, State.RETURNED):
            raise DomainError(
                _("The result is digitized once it exists."),
                code="invalid",
                fields={"document": [_("Choose a document handed in.")]},
            )
        permission, agency = Perm.DOSSIER_RETURN, dossier.receiving_agency
    if user is not None and not can(user, permission, agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    now = at or timezone.now()
    digest = hashlib.sha256(data).hexdigest()
    checked, signer = signing.examine(data, mime)
    scan = DigitizedCopy(
        dossier=dossier,
        document=document,
        kind=kind,
        name=name[:255],
        content_type=mime,
        size=len(data),
        sha256=digest,
        pages=pages,
        vouched_by=user if getattr(user, "is_authenticated", False) else None,
        vouched_at=now,
        signature=signature,
        signature_check=checked,
        signature_signer=signer,
    )
    scan.file.save(f"{dossier.code}-{digest[:12]}.{ALLOWED[mime]}", ContentFile(data), save=False)
    scan.save()
    note_on_dossier(dossier, [scan])
    ocr.queue([scan])
    journal.record_event(
        dossier,
        "digitize",
        at=now,
        actor=user,
        note=document.name if document else _("Result"),
        data={"sha256": digest, "pages": pages, "kind": kind},
    )
    return scan


def store_online(dossier, attachments, *, at) -> list[DigitizedCopy]:
    """The files of an online submission (``services.reception.submit_online``, inside its transaction):
    each checked by content and size, or taken from the applicant's data store. They are
    electronic already, so nobody scans or vouches for them (Circular 03/2025 Art. 5(2))."""
    documents = list(dossier.documents.order_by("id"))
    stored = []
    for index, attached in enumerate(attachments):
        field = f"attachments.{index}"
        if not 0 <= attached.document < len(documents):
            raise DomainError(
                _("This file is not attached to a document of the dossier."),
                code="invalid",
                fields={field: [_("Not a document of this dossier.")]},
            )
        document = documents[attached.document]
        if attached.reuse_id is not None:
            source = data_store(dossier.owner).filter(pk=attached.reuse_id).first()
            if source is None:
                raise DomainError(
                    _("This document is not in your data store."),
                    code="invalid",
                    fields={field: [_("Not in your data store.")]},
                )
            copy = DigitizedCopy(
                dossier=dossier,
                document=document,
                kind=DigitizedCopy.Kind.ONLINE,
                file=source.file.name,  # the same stored bytes, not a second copy
                name=source.name,
                content_type=source.content_type,
                size=source.size,
                sha256=source.sha256,
                pages=source.pages,
                reused_from=source.reused_from or source,
                signature_check=source.signature_check,
                signature_signer=source.signature_signer,
            )
        else:
            try:
                check_size(len(attached.data))
                mime = sniff(attached.data)
            except DomainError as error:
                error.fields = {field: error.fields.get("file", [])}
                raise
            digest = hashlib.sha256(attached.data).hexdigest()
            checked, signer = signing.examine(attached.data, mime)
            copy = DigitizedCopy(
                dossier=dossier,
                document=document,
                kind=DigitizedCopy.Kind.ONLINE,
                name=(attached.name or document.name)[:255],
                content_type=mime,
                size=len(attached.data),
                sha256=digest,
                signature_check=checked,
                signature_signer=signer,
            )
            copy.file.save(
                f"{dossier.code}-{digest[:12]}.{ALLOWED[mime]}",
                ContentFile(attached.data),
                save=False,
            )
        copy.save()
        stored.append(copy)
    note_on_dossier(dossier, stored)
    ocr.queue(stored)
    return stored


def note_on_dossier(dossier, copies: list[DigitizedCopy]) -> None:
    """Keep on the dossier what the statistics count of its copies: its components digitized,
    some reused from the applicant's data store, its result kept as an electronic copy."""
    facts = {}
    if not dossier.digitized and any(c.kind != DigitizedCopy.Kind.RESULT for c in copies):
        facts["digitized"] = True
    if not dossier.reused and any(c.reused_from_id for c in copies):
        facts["reused"] = True
    if not dossier.result_digitized and any(c.kind == DigitizedCopy.Kind.RESULT for c in copies):
        facts["result_digitized"] = True
    if facts:
        for name, value in facts.items():
            setattr(dossier, name, value)
        type(dossier).objects.filter(pk=dossier.pk).update(**facts)
        tally.sync(dossier)


def data_store(owner):
    """The applicant's data store (§3.4): results issued to them and documents already
    digitized or submitted in their dossiers, reusable in a new submission."""
    if owner is None or not getattr(owner, "is_authenticated", False):
        return DigitizedCopy.objects.none()
    # Through the owner's dossiers (a few, on the owner's index), not a join the database
    # may read from the side of every copy ever made.
    mine = Dossier.objects.filter(owner=owner).values("id")
    return (
        DigitizedCopy.objects.filter(dossier__in=mine, reused_from__isnull=True)
        .select_related("dossier", "document")
        .order_by("-id")
    )


# Where a confirmed value goes on the dossier (a date of birth has no place there: it stays
# with the copy, for the data store).
_ON_DOSSIER = {"id_number": "id_number", "full_name": "applicant_name"}
_ON_RESULT = {"result_number": "result_number", "result_date": "result_date"}


@transaction.atomic
def confirm_fields(
    code: str,
    copy_id: int,
    decisions: dict[str, str | None],
    *,
    user,
    at: dt.datetime | None = None,
) -> list[ReadField]:
    """The officer's word on the values read from copy ``copy_id``: for each field name, the
    value kept (the one read: confirmed; another: corrected) or ``None`` (rejected). Kept values
    are written into the dossier with one journal event; nothing else is."""
    dossier = journal.lock(code)
    if user is not None and not can(user, Perm.DOSSIER_RECEIVE, dossier.receiving_agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    copy = dossier.scans.filter(pk=copy_id).first()
    if copy is None:
        raise DomainError(
            _("This dossier has no such copy."),
            code="invalid",
            fields={"copy": [_("Not a copy of this dossier.")]},
        )
    fields = {f.name: f for f in copy.read_fields.filter(state=ReadField.State.PROPOSED)}
    errors: dict[str, list[str]] = {}
    kept: dict[str, str] = {}
    for name, value in decisions.items():
        if name not in fields:
            errors[name] = [_("Nothing read here is waiting for confirmation.")]
            continue
        if value is None:
            continue
        value = nfc(value)
        problem = _invalid(name, value)
        if problem:
            errors[name] = [problem]
        else:
            kept[name] = value
    if errors:
        raise DomainError(_("Check the values entered."), code="invalid", fields=errors)
    now = at or timezone.now()
    changed = {}
    for name, field in fields.items():
        if name not in decisions:
            continue
        if decisions[name] is None:
            field.state = ReadField.State.REJECTED
        else:
            field.final_value = kept[name]
            same = kept[name] == field.value
            field.state = ReadField.State.CONFIRMED if same else ReadField.State.CORRECTED
            target = _ON_DOSSIER.get(name) or (
                _ON_RESULT.get(name) if copy.kind == DigitizedCopy.Kind.RESULT else None
            )
            if target:
                changed[target] = kept[name]
        field.decided_by = user if getattr(user, "is_authenticated", False) else None
        field.decided_at = now
        field.save()
    for target, value in changed.items():
        if target == "result_date":
            setattr(dossier, target, read_day(value))
        else:
            setattr(dossier, target, value[:255])
        if target == "applicant_name":
            dossier.applicant_folded = fold(value)[:255]
    journal.record_event(
        dossier,
        "confirm_fields",
        at=now,
        actor=user,
        note=copy.document.name if copy.document else copy.name,
        data={
            "copy": copy.pk,
            "kept": kept,
            "rejected": [n for n, v in decisions.items() if v is None],
        },
    )
    return list(fields.values())


def _invalid(name: str, value: str) -> str:
    if not value:
        return _("Enter the value, or reject it.")
    if name == "id_number" and not re.fullmatch(r"\d{12}|\d{9}", value):
        return _("An ID number has 12 digits (9 on an old identity card).")
    if name in ("birth_date", "result_date") and read_day(value) is None:
        return _("A date is written dd/mm/yyyy.")
    if len(value) > 255:
        return _("At most 255 characters.")
    return ""
