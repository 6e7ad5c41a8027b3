"""Dossiers submitted on the national portal, handed to the province (domain/national-portal.md
§2, "Into the province"): the body in ``DongBoHoSoMC``'s field names plus the files (base64),
taken once per national code (``MaHoSo``) into the desk's queue of online submissions waiting for
the check. Every refusal is a ``DomainError`` and writes nothing."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.core.errors import Conflict, DomainError, field_error
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.national.models import AgencyMapping, InboundDossier, ProcedureMapping

MAX_FILES = 50


def _text(body: dict, name: str, *, required: bool = False, limit: int = 255) -> str:
    value = body.get(name, "")
    if not isinstance(value, str):
        raise field_error(name, _("Text expected."))
    value = value.strip()
    if required and not value:
        raise field_error(name, _("This field is required."), "required")
    return value[:limit]


def _procedure(code: str) -> str:
    """The local code of the national procedure ``code``."""
    mapped = ProcedureMapping.objects.filter(national_code=code).select_related("procedure").first()
    if mapped is not None:
        return mapped.procedure.code
    found = (
        Procedure.objects.filter(
            code__startswith=code, versions__source=ProcedureVersion.Source.PROVINCE
        )
        .order_by("code")
        .first()
    )
    if found is None:
        raise field_error(
            "MaTTHC",
            _("Procedure %(code)s is not published by the province.") % {"code": code},
            "procedure_not_found",
        )
    return found.code


def _agency(code: str) -> Agency:
    mapped = AgencyMapping.objects.filter(national_code=code).select_related("agency").first()
    agency = mapped.agency if mapped else Agency.objects.filter(code=code).first()
    if agency is None:
        raise field_error("madonvi", _("Unknown unit code."), "agency_not_found")
    return agency


def _files(body: dict) -> list[tuple[str, bytes]]:
    items = body.get("TaiLieuNop", [])
    if not isinstance(items, list) or len(items) > MAX_FILES:
        raise field_error("TaiLieuNop", _("A list of at most %(n)s files.") % {"n": MAX_FILES})
    files = []
    for index, item in enumerate(items):
        name = f"TaiLieuNop.{index}"
        if not isinstance(item, dict):
            raise field_error(name, _("An object expected."))
        title = item.get("TenTepDinhKem")
        content = item.get("NoiDung")
        if not isinstance(title, str) or not title.strip() or not isinstance(content, str):
            raise field_error(
                name, _("A file needs its name (TenTepDinhKem) and content (NoiDung).")
            )
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError) as err:
            raise field_error(name, _("The content is not base64.")) from err
        files.append((title.strip()[:255], data))
    return files


def take(body: object) -> tuple[Dossier, bool]:
    """The dossier ``body`` describes, created once: (dossier, created). The same body again
    returns the first dossier; another body under the same ``MaHoSo`` is refused."""
    if not isinstance(body, dict):
        raise DomainError(_("A JSON object expected."), code="invalid")
    national_code = _text(body, "MaHoSo", required=True, limit=60)
    digest = hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    known = (
        InboundDossier.objects.filter(national_code=national_code).select_related("dossier").first()
    )
    if known is not None:
        if known.sha256 != digest:
            raise Conflict(
                _("Dossier %(code)s was received already with other content.")
                % {"code": national_code},
                code="dossier_exists",
            )
        return known.dossier, False
    procedure_code = _procedure(_text(body, "MaTTHC", required=True, limit=20))
    agency = _agency(_text(body, "madonvi", required=True, limit=40))
    applicant = services.Applicant(
        name=_text(body, "ChuHoSo", required=True),
        kind=(
            Dossier.ApplicantKind.ORGANIZATION
            if _text(body, "LoaiDoiTuong") == "2"
            else Dossier.ApplicantKind.PERSON
        ),
        phone=_text(body, "SoDienThoai", limit=20),
        email=_text(body, "Email", limit=254),
        address=_text(body, "DiaChi", limit=500),
    )
    files = _files(body)
    try:
        with transaction.atomic():
            dossier = services.submit_online(
                procedure_code=procedure_code,
                agency=agency,
                applicant=applicant,
                documents=[services.Handed(name=title, copies=1) for title, _data in files],
                attachments=[
                    services.Attached(document=index, name=title, data=data)
                    for index, (title, data) in enumerate(files)
                ],
                owner=None,
                papers_checked_elsewhere=True,
            )
            InboundDossier.objects.create(
                national_code=national_code, dossier=dossier, sha256=digest
            )
    except IntegrityError as err:  # the same code at the same moment: the other one won
        again = InboundDossier.objects.filter(national_code=national_code).first()
        if again is not None and again.sha256 == digest:
            return again.dossier, False
        raise Conflict(
            _("Dossier %(code)s was received already with other content.")
            % {"code": national_code},
            code="dossier_exists",
        ) from err
    return dossier, True
