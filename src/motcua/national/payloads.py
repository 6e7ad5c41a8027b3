"""What the national side is told of a dossier, in its field names (domain/national-portal.md
§2): the whole dossier for ``DongBoHoSoMC`` and its history for ``CapNhatTienDoHoSoMC``. Read for
a batch of dossiers in a fixed number of queries; written in Vietnamese, whatever the caller's
language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from motcua.catalog.models import Channel
from motcua.dossiers.journal import MEANINGS
from motcua.dossiers.models import DigitizedCopy, Dossier, DossierEvent
from motcua.national import mapping

VN = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving
CHANNELS = {Channel.DIRECT: "1", Channel.ONLINE: "2", Channel.POST: "3"}
NOTE_LIMIT = 2000  # a connected system saw longer notes refused


def moment(value: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam's time; an empty string for a moment not reached yet."""
    return "" if value is None else value.astimezone(VN).strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True)
class Prepared:
    """One dossier as the national side is told of it, and the last event it includes."""

    dossier: Dossier
    item: dict
    history: list[dict]
    sequence: int
    madonvi: str


def load(ids: Iterable[int]) -> list[Dossier]:
    """The dossiers ``ids`` with everything the payloads show, in a fixed number of queries."""
    events = DossierEvent.objects.select_related("actor", "agency").order_by("sequence")
    return list(
        Dossier.objects.filter(pk__in=list(ids))
        .select_related("procedure", "version__field", "deciding_agency", "receiving_agency")
        .defer("version__raw", "version__search_text")
        .prefetch_related(
            Prefetch("events", queryset=events, to_attr="journal"),
            "documents__scans",
            "scans",
        )
    )


def prepare(dossier: Dossier, statuses: dict[int, int], after: int) -> Prepared:
    """``dossier`` (from ``load``) as ``DongBoHoSoMC`` and ``CapNhatTienDoHoSoMC`` items, its
    history from the event after ``after``. Raises ``mapping.Unmapped``."""
    journal: list[DossierEvent] = getattr(dossier, "journal", [])
    with translation.override("vi"):
        item = _item(dossier, statuses, journal)
        history = [
            _progress(dossier, event, statuses) for event in journal if event.sequence > after
        ]
    return Prepared(
        dossier=dossier,
        item=item,
        history=history,
        sequence=journal[-1].sequence if journal else 0,
        madonvi=mapping.agency_code(dossier.receiving_agency),
    )


def _person(event: DossierEvent) -> str:
    actor = event.actor
    if actor is None:
        return "Hệ thống"
    return actor.get_full_name() or actor.get_username()


def _file_url(code: str, scan: DigitizedCopy) -> str:
    base = settings.NATIONAL["FILE_BASE_URL"] or settings.MOTCUA_PUBLIC_URL
    return f"{base.rstrip('/')}/api/v1/dossiers/{code}/scans/{scan.pk}"


def _item(dossier: Dossier, statuses: dict[int, int], journal: list[DossierEvent]) -> dict:
    version = dossier.version
    field = version.field
    last = journal[-1] if journal else None
    documents = []
    for document in dossier.documents.all():
        for scan in document.scans.all():
            documents.append(
                {
                    "TepDinhKemId": str(scan.pk),
                    "TenTepDinhKem": scan.name,
                    "IsDeleted": "False",
                    "MaThanhPhanHoSo": str(document.required_id or ""),
                    "DuongDanTaiTepTin": _file_url(dossier.code, scan),
                }
            )
    results = [
        {
            "TenGiayTo": scan.name,
            "MaThanhPhanHoSo": "",
            "GiayToId": str(scan.pk),
            "DuongDanTepTinKetQua": _file_url(dossier.code, scan),
        }
        for scan in dossier.scans.all()
        if scan.kind == DigitizedCopy.Kind.RESULT
    ]
    fees = [
        {
            "TenPhiLePhi": "Phí, lệ phí",
            "MaPhiLePhi": "",
            "HinhThucThu": "",
            "Gia": str(event.data.get("amount", 0)),
            "LoaiPhiLePhi": "1",
        }
        for event in journal
        if event.action == "request_payment"
    ]
    ended = dossier.resolved_at or dossier.refused_at or dossier.stopped_at
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": mapping.procedure_code(dossier.procedure),
        "TenTTHC": version.name,
        "MaLinhVuc": field.code if field else "",
        "TenLinhVuc": field.name if field else "",
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": "2"
        if dossier.applicant_kind == Dossier.ApplicantKind.ORGANIZATION
        else "1",
        "MaDoiTuong": "",
        "ThongTinKhac": "",
        "Email": dossier.email,
        "Fax": "",
        "SoDienThoai": dossier.phone,
        "TrichYeuHoSo": version.name,
        "NgayTiepNhan": moment(dossier.received_at or dossier.submitted_at),
        "NgayHenTra": moment(dossier.due_at),
        "TrangThaiHoSo": str(statuses[dossier.state]),
        "NgayTra": moment(dossier.returned_at),
        "ThongTinTra": str(Channel(dossier.result_delivery).label)
        if dossier.result_delivery
        else "",
        "HinhThuc": "1" if dossier.result_delivery == Channel.POST else "0",
        "NgayKetThucXuLy": moment(ended),
        "DonViXuLy": dossier.deciding_agency.name,
        "GhiChu": (last.note if last else "")[:NOTE_LIMIT],
        "TaiLieuNop": documents,
        "DanhSachGiayToKetQua": results,
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": _supplements(journal),
        "KenhThucHien": CHANNELS.get(dossier.channel, "1"),
    }


def _supplements(journal: list[DossierEvent]) -> list[dict]:
    """Each request for papers, with the answer that closed it (if any)."""
    rounds = []
    for index, event in enumerate(journal):
        if event.action != "request_supplement":
            continue
        answer = next((e for e in journal[index + 1 :] if e.action == "supplement"), None)
        rounds.append(
            {
                "HoSoBoSungId": str(event.sequence),
                "NguoiYeuCauBoSung": _person(event),
                "NoiDungBoSung": event.note[:NOTE_LIMIT],
                "NgayBoSung": moment(event.at),
                "NguoiTiepNhanBoSung": _person(answer) if answer else "",
                "ThongTinTiepNhan": answer.note[:NOTE_LIMIT] if answer else "",
                "NgayTiepNhanBoSung": moment(answer.at) if answer else "",
                "TrangThaiBoSung": "1" if answer else "0",
                "DanhSachGiayToBoSung": [],
                "DanhSachLePhiBoSung": [],
                "NgayHenTraTruoc": moment(answer.due_before) if answer else "",
                "NgayHenTraMoi": moment(answer.due_after) if answer else "",
            }
        )
    return rounds


def _progress(dossier: Dossier, event: DossierEvent, statuses: dict[int, int]) -> dict:
    meaning = str(MEANINGS.get(event.action, event.action))
    return {
        "MaHoSo": dossier.code,
        "NguoiXuLy": _person(event),
        "ChucDanh": "",
        "ThoiDiemXuLy": moment(event.at),
        "PhongBanXuLy": event.agency.name,
        "NoiDungXuLy": (f"{meaning}: {event.note}" if event.note else meaning)[:NOTE_LIMIT],
        "TrangThai": str(statuses[event.to_state]),
        "NgayBatDau": moment(event.at),
        "NgayKetThucTheoQuyDinh": moment(event.due_after),
    }
