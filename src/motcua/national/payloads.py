"""What the national side is told of a dossier, in its field names (domain/national-portal.md
§2): the whole dossier for ``DongBoHoSoMC`` and its history for ``CapNhatTienDoHoSoMC``. A batch
is read as plain rows, a query a kind (building model instances cost more than the rest of a
round); written in Vietnamese, whatever the caller's language."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

from motcua.catalog.models import Channel
from motcua.dossiers.journal import MEANINGS
from motcua.dossiers.models import DigitizedCopy, Dossier, DossierDocument, DossierEvent
from motcua.national import mapping

VN = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh has no daylight saving
CHANNELS = {Channel.DIRECT: "1", Channel.ONLINE: "2", Channel.POST: "3"}
NOTE_LIMIT = 2000  # a connected system saw longer notes refused
Row = dict[str, Any]

DOSSIER_COLUMNS = (
    "id",
    "code",
    "state",
    "channel",
    "applicant_name",
    "applicant_kind",
    "email",
    "phone",
    "received_at",
    "submitted_at",
    "due_at",
    "returned_at",
    "resolved_at",
    "refused_at",
    "stopped_at",
    "result_delivery",
    "procedure_id",
    "procedure__code",
    "procedure__kind",
    "version__name",
    "version__field__code",
    "version__field__name",
    "deciding_agency__name",
    "receiving_agency_id",
    "receiving_agency__code",
    "receiving_agency__name",
)
EVENT_COLUMNS = (
    "dossier_id",
    "sequence",
    "at",
    "action",
    "note",
    "to_state",
    "due_before",
    "due_after",
    "data",
    "agency__name",
    "actor__username",
    "actor__full_name",
    "actor__first_name",
    "actor__last_name",
)


def moment(value: dt.datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam's time; an empty string for a moment not reached yet."""
    return "" if value is None else value.astimezone(VN).strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True)
class Prepared:
    """One dossier as the national side is told of it, and the last event it includes."""

    dossier_id: int
    code: str
    item: dict
    history: list[dict]
    sequence: int
    madonvi: str


def load(ids: Iterable[int]) -> list[Row]:
    """The dossiers ``ids`` as rows, each with its ``journal``, ``documents`` and ``scans``."""
    ids = list(ids)
    dossiers = list(Dossier.objects.filter(pk__in=ids).values(*DOSSIER_COLUMNS))
    kept: dict[str, dict[int, list[Any]]] = {
        "journal": defaultdict(list),
        "documents": defaultdict(list),
        "scans": defaultdict(list),
    }
    events = DossierEvent.objects.filter(dossier_id__in=ids).order_by("dossier_id", "sequence")
    for row in events.values(*EVENT_COLUMNS):
        kept["journal"][row["dossier_id"]].append(row)
    for row in (
        DossierDocument.objects.filter(dossier_id__in=ids)
        .order_by("id")
        .values("id", "dossier_id", "required_id")
    ):
        kept["documents"][row["dossier_id"]].append(row)
    for row in (
        DigitizedCopy.objects.filter(dossier_id__in=ids)
        .order_by("id")
        .values("id", "dossier_id", "document_id", "name", "kind")
    ):
        kept["scans"][row["dossier_id"]].append(row)
    for dossier in dossiers:
        for name, rows in kept.items():
            dossier[name] = rows.get(dossier["id"], [])
    return dossiers


def codes_for(dossiers: list[Row]) -> mapping.Codes:
    """The national codes of the batch's procedures and agencies, read once."""
    return mapping.Codes(
        [(d["procedure_id"], d["procedure__code"], d["procedure__kind"]) for d in dossiers],
        [
            (d["receiving_agency_id"], d["receiving_agency__code"], d["receiving_agency__name"])
            for d in dossiers
        ],
    )


def prepare(dossier: Row, statuses: dict[int, int], after: int, codes: mapping.Codes) -> Prepared:
    """``dossier`` (from ``load``) as ``DongBoHoSoMC`` and ``CapNhatTienDoHoSoMC`` items, its
    history from the event after ``after``. Raises ``mapping.Unmapped``."""
    journal = dossier["journal"]
    with translation.override("vi"):
        item = _item(dossier, statuses, codes)
        history = [
            _progress(dossier, event, statuses) for event in journal if event["sequence"] > after
        ]
    return Prepared(
        dossier_id=dossier["id"],
        code=dossier["code"],
        item=item,
        history=history,
        sequence=journal[-1]["sequence"] if journal else 0,
        madonvi=codes.agency(
            dossier["receiving_agency_id"],
            dossier["receiving_agency__code"],
            dossier["receiving_agency__name"],
        ),
    )


def _person(event: Row | None) -> str:
    if event is None:
        return ""
    if not event["actor__username"]:
        return "Hệ thống"
    full = f"{event['actor__first_name']} {event['actor__last_name']}".strip()
    return event["actor__full_name"] or full or event["actor__username"]


def _file_url(code: str, scan: Row) -> str:
    base = settings.NATIONAL["FILE_BASE_URL"] or settings.MOTCUA_PUBLIC_URL
    return f"{base.rstrip('/')}/api/v1/dossiers/{code}/scans/{scan['id']}"


def _item(dossier: Row, statuses: dict[int, int], codes: mapping.Codes) -> dict:
    code, journal, scans = dossier["code"], dossier["journal"], dossier["scans"]
    last = journal[-1] if journal else None
    documents = [
        {
            "TepDinhKemId": str(scan["id"]),
            "TenTepDinhKem": scan["name"],
            "IsDeleted": "False",
            "MaThanhPhanHoSo": str(document["required_id"] or ""),
            "DuongDanTaiTepTin": _file_url(code, scan),
        }
        for document in dossier["documents"]
        for scan in scans
        if scan["document_id"] == document["id"]
    ]
    results = [
        {
            "TenGiayTo": scan["name"],
            "MaThanhPhanHoSo": "",
            "GiayToId": str(scan["id"]),
            "DuongDanTepTinKetQua": _file_url(code, scan),
        }
        for scan in scans
        if scan["kind"] == DigitizedCopy.Kind.RESULT
    ]
    fees = [
        {
            "TenPhiLePhi": "Phí, lệ phí",
            "MaPhiLePhi": "",
            "HinhThucThu": "",
            "Gia": str(event["data"].get("amount", 0)),
            "LoaiPhiLePhi": "1",
        }
        for event in journal
        if event["action"] == "request_payment"
    ]
    ended = dossier["resolved_at"] or dossier["refused_at"] or dossier["stopped_at"]
    delivery = dossier["result_delivery"]
    return {
        "MaHoSo": code,
        "MaTTHC": codes.procedure(
            dossier["procedure_id"], dossier["procedure__code"], dossier["procedure__kind"]
        ),
        "TenTTHC": dossier["version__name"],
        "MaLinhVuc": dossier["version__field__code"] or "",
        "TenLinhVuc": dossier["version__field__name"] or "",
        "ChuHoSo": dossier["applicant_name"],
        "LoaiDoiTuong": "2"
        if dossier["applicant_kind"] == Dossier.ApplicantKind.ORGANIZATION
        else "1",
        "MaDoiTuong": "",
        "ThongTinKhac": "",
        "Email": dossier["email"],
        "Fax": "",
        "SoDienThoai": dossier["phone"],
        "TrichYeuHoSo": dossier["version__name"],
        "NgayTiepNhan": moment(dossier["received_at"] or dossier["submitted_at"]),
        "NgayHenTra": moment(dossier["due_at"]),
        "TrangThaiHoSo": str(statuses[dossier["state"]]),
        "NgayTra": moment(dossier["returned_at"]),
        "ThongTinTra": str(Channel(delivery).label) if delivery else "",
        "HinhThuc": "1" if delivery == Channel.POST else "0",
        "NgayKetThucXuLy": moment(ended),
        "DonViXuLy": dossier["deciding_agency__name"],
        "GhiChu": (last["note"] if last else "")[:NOTE_LIMIT],
        "TaiLieuNop": documents,
        "DanhSachGiayToKetQua": results,
        "DanhSachLePhi": fees,
        "DanhSachHoSoBoSung": _supplements(journal),
        "KenhThucHien": CHANNELS.get(dossier["channel"], "1"),
    }


def _supplements(journal: list[Row]) -> list[dict]:
    """Each request for papers, with the answer that closed it (if any)."""
    rounds = []
    for index, event in enumerate(journal):
        if event["action"] != "request_supplement":
            continue
        answer = next((e for e in journal[index + 1 :] if e["action"] == "supplement"), None)
        rounds.append(
            {
                "HoSoBoSungId": str(event["sequence"]),
                "NguoiYeuCauBoSung": _person(event),
                "NoiDungBoSung": event["note"][:NOTE_LIMIT],
                "NgayBoSung": moment(event["at"]),
                "NguoiTiepNhanBoSung": _person(answer),
                "ThongTinTiepNhan": answer["note"][:NOTE_LIMIT] if answer else "",
                "NgayTiepNhanBoSung": moment(answer["at"]) if answer else "",
                "TrangThaiBoSung": "1" if answer else "0",
                "DanhSachGiayToBoSung": [],
                "DanhSachLePhiBoSung": [],
                "NgayHenTraTruoc": moment(answer["due_before"]) if answer else "",
                "NgayHenTraMoi": moment(answer["due_after"]) if answer else "",
            }
        )
    return rounds


def _progress(dossier: Row, event: Row, statuses: dict[int, int]) -> dict:
    meaning = str(MEANINGS.get(event["action"], event["action"]))
    note = event["note"]
    return {
        "MaHoSo": dossier["code"],
        "NguoiXuLy": _person(event),
        "ChucDanh": "",
        "ThoiDiemXuLy": moment(event["at"]),
        "PhongBanXuLy": event["agency__name"],
        "NoiDungXuLy": (f"{meaning}: {note}" if note else meaning)[:NOTE_LIMIT],
        "TrangThai": str(statuses[event["to_state"]]),
        "NgayBatDau": moment(event["at"]),
        "NgayKetThucTheoQuyDinh": moment(event["due_after"]),
    }
