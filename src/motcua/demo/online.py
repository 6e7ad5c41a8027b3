"""The demo's online side: two applicant accounts with dossiers submitted on the portal in 2023
(one waiting for the desk's check, one owing a fee, some resolved, paid online and rated), and
feedback answered and open — all made through the services, so they look and behave like real
ones. Sign in as ``congdan@motcua.vn`` or ``0987000001`` with the demo password."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import versions_in_force
from motcua.demo import dossiers as lives
from motcua.demo.agencies import DEMO_PASSWORD
from motcua.dossiers import digitization, notifications, services, signing
from motcua.dossiers.models import Dossier
from motcua.quality import services as quality_services
from motcua.quality.models import Rating
from motcua.workdays import selectors as workdays

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = "000.00.04.H03"  # Sở Kế hoạch và Đầu tư: its procedures are offered online
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# (day, hour, how far it got): the stories the accounts tell.
STORIES = [
    (dt.date(2023, 2, 14), 9, "returned"),
    (dt.date(2023, 3, 21), 20, "returned"),  # sent at night: counts from the next morning
    (dt.date(2023, 4, 18), 10, "paid"),
    (dt.date(2023, 5, 9), 14, "returned"),
    (dt.date(2023, 6, 26), 8, "owing"),
    (dt.date(2023, 6, 29), 16, "submitted"),
]


def _result_pdf(dossier: Dossier, number: str, signer: str, at: dt.datetime) -> bytes:
    """The result as the agency issues it: the national heading, its number and date, what it
    grants and to whom, and who signed it."""
    from django.utils.html import format_html
    from weasyprint import HTML

    title = (dossier.version.result or "").split("\n")[0].strip(" .:-") or "Kết quả giải quyết"
    html = format_html(
        "<html lang='vi'><body style='font-family: serif; font-size: 13pt'>"
        "<table style='width:100%; text-align:center'><tr>"
        "<td><b>{}</b><br>Số: {}</td>"
        "<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b>"
        "<br><i>Bắc Kạn, ngày {}</i></td></tr></table>"
        "<h1 style='text-align:center; font-size: 15pt; text-transform: uppercase'>{}</h1>"
        "<p>Cấp cho: <b>{}</b></p><p>Thủ tục: {}</p><p>Hồ sơ: {}</p>"
        "<p style='text-align:right; margin-top: 3em'><b>{}</b></p></body></html>",
        dossier.deciding_agency.name.upper(),
        number,
        at.astimezone(VN).strftime("%d/%m/%Y"),
        title[:200],
        dossier.applicant_name,
        dossier.version.name,
        dossier.code,
        signer,
    )
    return HTML(string=html).write_pdf()


def _record_result(dossier: Dossier, leader, officer, number: str, at: dt.datetime) -> None:
    """The result issued electronically, signed by the agency (the demo's test authority:
    `make run` turns it on) — the applicant downloads it from the portal, anyone can check it.
    Where the agency cannot sign, the paper result is recorded and its scan kept instead."""
    signer = leader.full_name or leader.username
    try:
        services.act(
            dossier.code,
            "record_result",
            user=leader,
            at=at,
            number=number,
            signer=signer,
            summary="Cấp giấy chứng nhận theo đề nghị của người nộp hồ sơ.",
            electronic=True,
        )
        return
    except signing.SigningUnavailable:
        pass
    services.act(dossier.code, "record_result", user=leader, at=at, number=number, signer=signer)
    digitization.digitize(
        dossier.code,
        data=_result_pdf(dossier, number, signer, at),
        name=f"ket-qua-{dossier.code}.pdf",
        pages=1,
        user=officer,
        at=at,
    )


def _account(username: str, **fields):
    user, created = get_user_model().objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _versions(agency: Agency, day: dt.date) -> list[ProcedureVersion]:
    return list(
        versions_in_force(day, source="province")
        .filter(agencies=agency)
        .exclude(online=ProcedureVersion.Online.NONE)
        .filter(time_limits__unit="working_days")
        .distinct()
        .order_by("procedure__code")[:12]
    )


def load() -> int:
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None or Dossier.objects.filter(channel="online", owner__isnull=False).exists():
        return 0
    citizen = _account(
        "congdan@motcua.vn",
        email="congdan@motcua.vn",
        phone="0987000001",
        kind="citizen",
        full_name="Hoàng Văn Dân",
        id_number="006090009999",
        address="Tổ 5, phường Đức Xuân, thành phố Bắc Kạn",
    )
    _account(
        "0987000002",
        phone="0987000002",
        kind="business",
        full_name="Công ty TNHH Nông sản Ba Bể",
        id_number="4700123456",
    )
    officer = get_user_model().objects.get(username="skhdt.motcua")
    leader = get_user_model().objects.get(username="skhdt.lanhdao")
    cal = workdays.calendar()
    made = 0
    with notifications.suppressed():
        for index, (day, hour, story) in enumerate(STORIES):
            versions = _versions(agency, day)
            if not versions:
                continue
            version = versions[index % len(versions)]
            at = dt.datetime.combine(day, dt.time(hour, 15), tzinfo=VN)
            documents = [
                services.Handed(required_id=d.pk, copies=1) for d in version.documents.all()
            ]
            dossier = services.submit_online(
                procedure_code=version.procedure.code,
                agency=agency,
                applicant=services.Applicant(
                    name=citizen.full_name,
                    id_number=citizen.id_number,
                    phone=citizen.phone,
                    email=citizen.email,
                    address=citizen.address,
                ),
                documents=documents,
                attachments=[
                    services.Attached(document=i, name=f"giay-to-{i + 1}.pdf", data=PDF)
                    for i in range(min(len(documents), 2))
                ],
                owner=citizen,
                at=at,
            )
            made += 1
            if story == "submitted":
                continue
            at = cal.add_working_hours(max(at, cal.next_working_moment(at)), 2)
            services.act(dossier.code, "accept", user=officer, at=at)
            at = cal.add_working_hours(at, 0.5)
            services.act(dossier.code, "hand_over", user=officer, at=at)
            at = cal.add_working_hours(at, 4)
            services.act(dossier.code, "request_payment", user=leader, at=at, amount=100_000)
            if story == "owing":
                continue
            at = cal.add_working_hours(at, 3)
            lives.pay_online(dossier.code, citizen, at)
            if story == "paid":
                continue
            at = cal.add_working_hours(at, 8)
            _record_result(dossier, leader, officer, f"{40 + index}/GCN-SKHĐT", at)
            at = cal.add_working_hours(at, 2)
            services.act(dossier.code, "return_result", user=officer, at=at)
            Rating.objects.create(
                dossier=dossier,
                owner=citizen,
                score=["satisfied", "satisfied", "normal"][index % 3],
                comment="Cán bộ hướng dẫn tận tình." if index % 2 == 0 else "",
            )
        answered = quality_services.file(
            quality_services.Filing(
                kind="feedback",
                title="Hướng dẫn thành phần hồ sơ chưa rõ",
                content="Đề nghị hướng dẫn rõ bản sao nào cần chứng thực.",
                name=citizen.full_name,
                email=citizen.email,
            ),
            owner=citizen,
            at=dt.datetime(2023, 5, 15, 10, 0, tzinfo=VN),
        )
        quality_services.answer(
            answered.pk,
            get_user_model().objects.get(username="stp.kiemsoat"),
            "Bản sao từ sổ gốc hoặc bản sao có chứng thực đều được chấp nhận.",
            at=dt.datetime(2023, 5, 22, 15, 0, tzinfo=VN),
        )
        quality_services.rate_answer(answered.token, "satisfied")
        quality_services.file(
            quality_services.Filing(
                kind="petition",
                title="Đề nghị rút ngắn thời gian cấp giấy chứng nhận đăng ký doanh nghiệp",
                content="Đề nghị giải quyết trong 2 ngày làm việc.",
                name="Công ty TNHH Nông sản Ba Bể",
                phone="0987000002",
                procedure_code="",
            ),
            at=dt.datetime(2023, 6, 27, 9, 0, tzinfo=VN),
        )
    return made
