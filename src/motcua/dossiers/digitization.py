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
        **(paper_of_document(document) if document else paper_of_result(dossier)),
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
                **_reused(source),
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
                **paper_of_document(document),
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


def data_store(owner, id_number: str = ""):
    """The applicant's data store (§3.4): results issued to them and documents already
    digitized or submitted in their dossiers, reusable in a new submission — the dossiers of
    their account, or (at the counter, for an applicant without one) of their ID number."""
    mine = Dossier.objects.none()
    if owner is not None and getattr(owner, "is_authenticated", False):
        mine = Dossier.objects.filter(owner=owner)
    elif id_number:
        mine = Dossier.objects.filter(id_number=id_number)
    else:
        return DigitizedCopy.objects.none()
    # Through the applicant's dossiers (a few, on an index), not a join the database may read
    # from the side of every copy ever made.
    return (
        DigitizedCopy.objects.filter(dossier__in=mine.values("id"), reused_from__isnull=True)
        .select_related("dossier", "document", "vouched_by")
        .order_by("-id")
    )


def _at_the_desk(code: str, user) -> Dossier:
    """The dossier, locked, if ``user`` works at its one-stop desk (None: the system itself)."""
    dossier = journal.lock(code)
    if user is not None and not can(user, Perm.DOSSIER_RECEIVE, dossier.receiving_agency):
        raise PermissionDenied(
            _("Your role in your agency does not allow this action on this dossier."),
            code="not_allowed",
        )
    return dossier


def _reused(source: DigitizedCopy) -> dict:
    """What a copy taken from the data store keeps of the stored one: the same stored bytes
    (not a second file), what they are and what their signatures said, and the link back."""
    names = [
        *("name", "content_type", "size", "sha256", "pages", "signature_check"),
        *("signature_signer", "paper_kind", "paper_number", "issuer", "issued_on"),
    ]
    return {
        "file": source.file.name,
        "reused_from": source.reused_from or source,
        "expires_on": source.expires_on,
        **{name: getattr(source, name) for name in names},
    }


@transaction.atomic
def reuse_stored(
    code: str, document_id: int, source_id: int, *, user, at: dt.datetime | None = None
) -> DigitizedCopy:
    """At the counter: a document handed in is taken from the applicant's data store instead
    of being scanned again — the stored copy's bytes, linked to it (the reuse indicator counts
    the dossier), with a journal event."""
    dossier = _at_the_desk(code, user)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None:
        raise DomainError(
            _("This dossier has no such document."),
            code="invalid",
            fields={"document": [_("Not a document of this dossier.")]},
        )
    offered = reusable([document], owner=dossier.owner, id_number=dossier.id_number)
    source = next((c for c in offered[document.pk] if c.pk == source_id), None)
    if source is None or source.dossier_id == dossier.pk:
        raise DomainError(
            _("This paper is not in the applicant's data store, or no longer valid."),
            code="invalid",
            fields={"source": [_("Not a stored paper of this kind.")]},
        )
    now = at or timezone.now()
    copy = DigitizedCopy.objects.create(
        dossier=dossier,
        document=document,
        kind=DigitizedCopy.Kind.DOCUMENT,
        vouched_by=user if getattr(user, "is_authenticated", False) else None,
        vouched_at=now,
        searchable=source.searchable.name,
        text=source.text,
        text_folded=source.text_folded,
        ocr_state=source.ocr_state if source.ocr_state == "done" else "",
        **_reused(source),
    )
    note_on_dossier(dossier, [copy])
    journal.record_event(
        dossier,
        "digitize",
        at=now,
        actor=user,
        note=document.name,
        data={"sha256": copy.sha256, "kind": copy.kind, "reused_from": source.dossier.code},
    )
    return copy


def result_title(dossier: Dossier) -> str:
    """The result's name as the procedure gives it: its first line, up to the national result
    code the records run into it ("… VỪA.Mã: KQ.G15.000210…"), or a plain one."""
    first = (dossier.version.result or "").split("\n")[0]
    first = re.split(r"\.?\s*Mã\s*:", first)[0]
    return first.strip(" .:-")[:200] or "Kết quả giải quyết"


def paper_of_document(document) -> dict:
    return {"paper_kind": paper_kind(document.name)}


def paper_of_result(dossier: Dossier) -> dict:
    """What the data store keeps of a result: its kind, number, issuer and date."""
    return {
        "paper_kind": paper_kind(result_title(dossier)),
        "paper_number": dossier.result_number[:100],
        "issuer": dossier.deciding_agency.name[:255],
        "issued_on": dossier.result_date,
    }


# Words that say how a paper is handed in, not what it is.
_NOT_THE_KIND = re.compile(
    r"\b((?:(?:0?\d+|mot|hai) )?ban (?:sao|chinh|goc|chup)|(?:0?\d+|mot|hai) ban|"
    r"co chung thuc|chung thuc|hop le|hoac|va|cua)\b"
)


def paper_kind(name: str) -> str:
    """What a paper is, from its name: folded, without what is in brackets nor the words that
    say how it is handed in — "Bản sao Giấy khai sinh (có chứng thực)" → "giay khai sinh"."""
    folded = fold(re.sub(r"\([^)]*\)", " ", name or ""))
    folded = _NOT_THE_KIND.sub(" ", re.sub(r"[^a-z0-9 ]", " ", folded))
    return " ".join(folded.split())[:255]


def same_kind(stored: str, wanted: str) -> bool:
    """A stored paper answers a required document of the same kind: the same words, or the
    words of one within the other when there are at least two ("giay khai sinh" answers
    "giay khai sinh cua nguoi duoc dang ky")."""
    if not stored or not wanted:
        return False
    if stored == wanted:
        return True
    short, long = sorted((stored, wanted), key=len)
    return len(short.split()) >= 2 and f" {short} " in f" {long} "


def reusable(documents, *, owner=None, id_number: str = "", on: dt.date | None = None) -> dict:
    """For each of ``documents`` (required or handed in, by their names), the papers of the
    applicant's data store of that kind still valid ``on`` that day, newest first: what the
    citizen need not upload and the officer need not scan again."""
    day = on or timezone.localdate()
    store = [
        c
        for c in data_store(owner, id_number)[:500]
        if c.paper_kind and (c.expires_on is None or c.expires_on >= day)
    ]
    found = {}
    for document in documents:
        wanted = paper_kind(document.name)
        found[document.pk] = [c for c in store if same_kind(c.paper_kind, wanted)]
    return found


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
    dossier = _at_the_desk(code, user)
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
    paper = {"id_number": "paper_number", "result_number": "paper_number"}
    for name, value in kept.items():
        if name in paper:
            setattr(copy, paper[name], value[:100])
        elif name == "result_date":
            copy.issued_on = read_day(value)
    copy.save(update_fields=["paper_number", "issued_on"])
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
