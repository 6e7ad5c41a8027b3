"""Online submission on the portal: a draft the applicant fills in over one or more visits, then
one submit that hands it to ``dossiers.services.submit_online``. Submitting twice (a double
click, a resent form) gives the same dossier; an expired draft is refused, never half-used."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog import selectors as catalog
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import digitization, selectors, services
from motcua.dossiers.models import Dossier
from motcua.portal.models import Draft, DraftFile


def online_version(code: str, on: dt.date | None = None) -> ProcedureVersion:
    """The province's version of ``code`` in force, if it is offered online."""
    procedure = Procedure.objects.filter(code=code).first()
    version = catalog.province_version(procedure, on or timezone.localdate()) if procedure else None
    if version is None:
        raise NotFound(_("Procedure %(code)s is not in force.") % {"code": code})
    if version.online == ProcedureVersion.Online.NONE:
        raise DomainError(
            _("This procedure is not offered online; submit it at the one-stop desk."),
            code="not_online",
        )
    return version


def applicant_of(user) -> services.Applicant:
    """A new draft's applicant: the account holder, from their profile."""
    return services.Applicant(
        name=user.full_name or str(user),
        kind="organization" if user.kind == user.Kind.BUSINESS else "person",
        id_number=user.id_number,
        phone=user.phone,
        email=user.email,
        address=user.address,
    )


def start(owner, code: str) -> Draft:
    """The applicant's open draft for ``code``, or a new one filled in from their profile."""
    version = online_version(code)
    open_draft = (
        Draft.objects.filter(
            owner=owner,
            procedure=version.procedure,
            dossier__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-updated_at")
        .first()
    )
    if open_draft:
        return open_draft
    agencies = list(selectors.deciding_agencies(version, timezone.localdate())[:2])
    return Draft.objects.create(
        owner=owner,
        procedure=version.procedure,
        agency=agencies[0] if len(agencies) == 1 else None,
        applicant=asdict(applicant_of(owner)),
        expires_at=timezone.now() + dt.timedelta(days=settings.ONLINE_DRAFT_DAYS),
    )


def draft_of(owner, pk: int, *, for_update: bool = False) -> Draft:
    drafts = Draft.objects.filter(owner=owner, pk=pk)
    if for_update:
        drafts = drafts.select_for_update(of=("self",))  # not the nullable joined rows
    draft = drafts.select_related("procedure", "agency", "dossier").first()
    if draft is None:
        raise NotFound(_("This draft does not exist."))
    return draft


def _check_open(draft: Draft) -> None:
    if draft.expired:
        raise DomainError(
            _("This draft has expired; start a new submission."), code="draft_expired", status=410
        )


@transaction.atomic
def save(
    owner,
    pk: int,
    *,
    agency,
    applicant: services.Applicant,
    result_delivery: str,
    uploads: dict[int, UploadedFile],
    reuse: dict[int, int],
    remove: set[int] = frozenset(),
) -> Draft:
    """Keep what the applicant entered. Each upload is checked by content and size now, so a
    bad file is refused at once, not at submission."""
    draft = draft_of(owner, pk, for_update=True)
    _check_open(draft)
    if draft.dossier_id:
        return draft
    version = online_version(draft.procedure.code)
    documents = {d.pk: d for d in version.documents.all()}
    draft.agency = agency
    draft.applicant = asdict(applicant)
    draft.result_delivery = result_delivery
    draft.expires_at = timezone.now() + dt.timedelta(days=settings.ONLINE_DRAFT_DAYS)
    draft.save()
    for document_id in remove:
        draft.files.filter(document_id=document_id).delete()
    store = digitization.data_store(owner)
    for document_id, copy_id in reuse.items():
        source = store.filter(pk=copy_id).first()
        if document_id not in documents or source is None:
            raise DomainError(
                _("This document is not in your data store."),
                code="invalid",
                fields={f"reuse_{document_id}": [_("Not in your data store.")]},
            )
        DraftFile.objects.update_or_create(
            draft=draft,
            document_id=document_id,
            defaults={
                "reuse": source,
                "name": source.name,
                "file": "",
                "size": source.size,
                "sha256": source.sha256,
                "content_type": source.content_type,
            },
        )
    for document_id, upload in uploads.items():
        if document_id not in documents:
            raise DomainError(
                _("This file is not for a document of this procedure."),
                code="invalid",
                fields={f"doc_{document_id}": [_("Not a document of this procedure.")]},
            )
        data = upload.read(settings.DOSSIER_MAX_UPLOAD_MB * 1024 * 1024 + 1)
        try:
            digitization.check_size(len(data))
            mime = digitization.sniff(data)
        except DomainError as error:
            error.fields = {f"doc_{document_id}": error.fields.get("file", [])}
            raise
        row, _created = DraftFile.objects.get_or_create(
            draft=draft, document_id=document_id, defaults={"name": upload.name[:255]}
        )
        if row.file:
            row.file.delete(save=False)
        digest = hashlib.sha256(data).hexdigest()
        row.reuse = None
        row.name = (upload.name or documents[document_id].name)[:255]
        row.content_type, row.size, row.sha256 = mime, len(data), digest
        row.file.save(f"{digest[:16]}.{digitization.ALLOWED[mime]}", ContentFile(data), save=False)
        row.save()
    return draft


@transaction.atomic
def submit(owner, pk: int) -> Dossier:
    """Hand the draft in. The draft's row is locked, so of two simultaneous submits one makes
    the dossier and the other finds it."""
    draft = draft_of(owner, pk, for_update=True)
    if draft.dossier_id:
        return draft.dossier
    _check_open(draft)
    if draft.agency is None:
        raise DomainError(
            _("Choose the agency the dossier goes to."),
            code="invalid",
            fields={"agency": [_("This field is required.")]},
        )
    version = online_version(draft.procedure.code)
    documents = {d.pk: d for d in version.documents.all()}
    files = list(draft.files.select_related("reuse"))
    stale = [f for f in files if f.document_id not in documents]
    if stale:
        raise DomainError(
            _("The procedure changed since this draft was started; check its documents again."),
            code="draft_stale",
        )
    handed = [services.Handed(required_id=f.document_id, copies=1) for f in files]
    attachments = [
        services.Attached(document=index, reuse_id=f.reuse_id)
        if f.reuse_id
        else services.Attached(document=index, name=f.name, data=f.file.read())
        for index, f in enumerate(files)
    ]
    dossier = services.submit_online(
        procedure_code=draft.procedure.code,
        agency=draft.agency,
        applicant=services.Applicant(**draft.applicant),
        documents=handed,
        attachments=attachments,
        owner=owner,
        result_delivery=draft.result_delivery,
    )
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    names = [f.file.name for f in files if f.file]
    storage = DraftFile._meta.get_field("file").storage
    # The dossier holds its own copies now; the draft's go once that is committed.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return dossier
