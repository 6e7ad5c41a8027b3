"""Electronic results: issued as a PDF signed by the deciding agency when the result is recorded,
kept as the dossier's result copy (so it counts as digitized and goes to the applicant's data
store), and checked by anyone — a file, or a dossier code and a result number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import can
from motcua.core import throttle
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.text import nfc
from motcua.dossiers import journal, signing
from motcua.dossiers.digitization import note_on_dossier, paper_of_result, result_title
from motcua.dossiers.models import DigitizedCopy, Dossier, SignedResult

MAX_VERIFY_BYTES = 20 * 1024 * 1024  # a result is a few pages; a scan of one, a few MB


def verify_url(code: str = "", number: str = "") -> str:
    base = f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/portal/kiem-tra-ket-qua/"
    return f"{base}?{urlencode({'ma': code, 'so': number})}" if code else base


def render(
    dossier: Dossier, *, number: str, date: dt.date, signer: str, summary: str, test: bool
) -> bytes:
    """The result as the agency issues it: the national heading, its number and date, what it
    grants and to whom, who signs, and a QR code to the page that checks it."""
    from weasyprint import HTML

    title = result_title(dossier)
    link = verify_url(dossier.code, number)
    html = render_to_string(
        "dossiers/result.html",
        {
            "dossier": dossier,
            "agency": dossier.deciding_agency,
            "number": number,
            "date": date,
            "title": title,
            "summary": summary,
            "signer": signer,
            "place": settings.SIGNING_LOCATION,
            "verify_url": link,
            "qr": segno.make(link, error="m").svg_inline(scale=2, omitsize=False),
            "test": test,
        },
    )
    return HTML(string=html).write_pdf()


def issue(dossier: Dossier, *, user, at: dt.datetime) -> SignedResult:
    """Render, sign and keep the result just recorded on ``dossier`` (inside the action's
    transaction: if signing fails, the result is not recorded either)."""
    agency = dossier.deciding_agency
    # A test certificate's PDF says so on its face; known before signing by the key itself.
    test = signing.is_test_key(agency)
    pdf = render(
        dossier,
        number=dossier.result_number,
        date=dossier.result_date or timezone.localdate(at),
        signer=dossier.result_signer,
        summary=dossier.result_summary,
        test=test,
    )
    signed = signing.sign(
        pdf, agency, reason=_("Result of dossier %(code)s") % {"code": dossier.code}
    )
    digest = signing.sha256(signed.data)
    copy = DigitizedCopy(
        dossier=dossier,
        kind=DigitizedCopy.Kind.RESULT,
        name=f"ket-qua-{dossier.code}.pdf",
        content_type="application/pdf",
        size=len(signed.data),
        sha256=digest,
        pages=1,
        vouched_by=user if getattr(user, "is_authenticated", False) else None,
        vouched_at=at,
        signature=f"PAdES: {signed.signer}",
        **paper_of_result(dossier),
    )
    copy.file.save(f"{dossier.code}-{digest[:12]}.pdf", ContentFile(signed.data), save=False)
    copy.save()
    note_on_dossier(dossier, [copy])
    return SignedResult.objects.create(
        copy=copy,
        number=dossier.result_number,
        agency=agency,
        signer=signed.signer,
        certificate_sha256=signed.certificate_sha256,
        signed_at=signed.signed_at,
        test=signed.test,
    )


@dataclass
class Verdict:
    """What the verification page and API say about a result: nothing personal beyond what the
    document itself shows."""

    issued_here: bool
    signature_valid: bool | None  # None: the file carries no signature (or was not given)
    signed_by: str = ""
    signed_at: dt.datetime | None = None
    dossier: str = ""
    result_number: str = ""
    revoked: bool = False
    revoked_at: dt.datetime | None = None
    replaced_by: str = ""
    test: bool = False

    def as_json(self) -> dict:
        return {
            "issued_here": self.issued_here,
            "signature_valid": self.signature_valid,
            "signed_by": self.signed_by,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "dossier": self.dossier,
            "result_number": self.result_number,
            "revoked": self.revoked,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "replaced_by": self.replaced_by,
            "test": self.test,
        }


def _issued(result: SignedResult | None, verdict: Verdict) -> Verdict:
    if result is not None:
        verdict.issued_here = True
        verdict.dossier = result.copy.dossier.code
        verdict.result_number = result.number
        verdict.revoked = result.revoked_at is not None
        verdict.revoked_at = result.revoked_at
        verdict.replaced_by = result.replaced_by.number if result.replaced_by else ""
        verdict.signed_by = verdict.signed_by or result.signer
        verdict.signed_at = verdict.signed_at or result.signed_at
        verdict.test = verdict.test or result.test
    return verdict


def throttle_verification(client: str) -> None:
    """At most ``settings.VERIFY_RATE`` checks from one address (``RateLimited`` past it): the
    code-and-number form must not become a way to enumerate a province's results."""
    throttle.hit(f"verify:ip:{client}", throttle.Rate.parse(settings.VERIFY_RATE))


def verify(upload, code: str, number: str, *, client: str) -> Verdict:
    """One check from the public page or the API: the uploaded file when there is one (its size
    checked before it is read), else the dossier code and the number; rate-limited by address."""
    throttle_verification(client)
    if upload is not None:
        if upload.size > MAX_VERIFY_BYTES:
            too_large()
        return verify_file(upload.read())
    return verify_number(code, number)


def too_large() -> None:
    mb = MAX_VERIFY_BYTES // 2**20
    raise DomainError(
        _("The file is larger than %(mb)s MB: no result is.") % {"mb": mb},
        code="file_too_large",
        fields={"file": [_("At most %(mb)s MB.") % {"mb": mb}]},
    )


def verify_file(data: bytes) -> Verdict:
    """Is ``data`` a result issued here, and is its signature good?"""
    if not data:
        raise DomainError(
            _("Choose the PDF file of the result."),
            code="required",
            fields={"file": [_("This field is required.")]},
        )
    if len(data) > MAX_VERIFY_BYTES:
        too_large()
    checks = signing.check(data)
    digest = signing.sha256(data)  # a result's file may be megabytes: hashed once
    verdict = Verdict(issued_here=False, signature_valid=None)
    if checks:
        last = checks[-1]
        verdict.signature_valid = all(c.good for c in checks)
        verdict.signed_by, verdict.signed_at, verdict.test = last.signer, last.signed_at, last.test
    result = (
        SignedResult.objects.select_related("copy__dossier", "replaced_by")
        .filter(copy__sha256=digest)
        .first()
    )
    verdict = _issued(result, verdict)
    if result is None:
        # A scan of a paper result kept here is "issued here" too, without a signature of ours.
        scan = (
            DigitizedCopy.objects.filter(sha256=digest, kind=DigitizedCopy.Kind.RESULT)
            .select_related("dossier")
            .first()
        )
        if scan is not None:
            verdict.issued_here = True
            verdict.dossier = scan.dossier.code
            verdict.result_number = scan.dossier.result_number
    return verdict


def verify_number(code: str, number: str) -> Verdict:
    """Was a result numbered ``number`` issued for dossier ``code``? (Without the file, nothing
    about a signature can be said.)"""
    code, number = nfc(code).strip()[:40], nfc(number).strip()[:100]
    if not code or not number:
        raise DomainError(
            _("Give the dossier code and the result number."),
            code="required",
            fields={
                name: [_("This field is required.")]
                for name, value in (("dossier", code), ("result_number", number))
                if not value
            },
        )
    result = (
        SignedResult.objects.select_related("copy__dossier", "replaced_by")
        .filter(copy__dossier__code=code, number=number)
        .order_by("-pk")
        .first()
    )
    verdict = _issued(result, Verdict(issued_here=False, signature_valid=None))
    if result is None:
        paper = Dossier.objects.filter(code=code, result_number=number).exists()
        if paper:  # a paper result: it exists, but there is no file of ours to compare
            verdict.issued_here, verdict.dossier, verdict.result_number = True, code, number
    return verdict


@transaction.atomic
def revoke(code: str, *, user, reason: str, at: dt.datetime | None = None) -> SignedResult:
    """The deciding agency withdraws the dossier's electronic result (a mistake found, a
    decision annulled): the file keeps verifying as unchanged, and the check says it was
    revoked — and by which later result it was replaced, if one was issued since."""
    dossier = journal.lock(code)
    if user is not None and not can(user, Perm.DOSSIER_RECORD_RESULT, dossier.deciding_agency):
        raise PermissionDenied(
            _("Only the deciding agency's leaders may revoke its result."), code="not_allowed"
        )
    reason = nfc(reason or "")
    if not reason:
        raise DomainError(
            _("Say why the result is revoked."),
            code="invalid",
            fields={"reason": [_("This field is required.")]},
        )
    issued = list(
        SignedResult.objects.filter(copy__dossier=dossier).select_related("copy").order_by("pk")
    )
    standing = [r for r in issued if r.revoked_at is None]
    if not standing:
        raise Conflict(_("This dossier has no electronic result in force."), code="no_result")
    result = standing[0]
    now = at or timezone.now()
    result.revoked_at, result.revoked_reason = now, reason[:2000]
    later = standing[1:]
    result.replaced_by = later[-1] if later else None
    result.save(update_fields=["revoked_at", "revoked_reason", "replaced_by"])
    journal.record_event(
        dossier,
        "revoke_result",
        at=now,
        actor=user,
        note=reason[:500],
        data={"number": result.number, "sha256": result.copy.sha256},
    )
    return result
