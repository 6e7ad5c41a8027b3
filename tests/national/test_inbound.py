"""Dossiers submitted on the national portal reach the province's desk: once per national code,
with the national portal's own credential, refused clearly and without a trace when wrong."""

from __future__ import annotations

import base64

import pytest

from motcua.dossiers import selectors
from motcua.dossiers.models import DigitizedCopy, Dossier, State
from motcua.national.models import InboundDossier
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db
URL = "/api/v1/national/dossiers"
KEY = "national-key-for-tests"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def office(published):
    """An agency that carries out the procedure (where its online dossiers go)."""
    from django.utils import timezone

    from motcua.catalog.models import ProcedureVersion

    version = ProcedureVersion.objects.get(procedure__code="1.012781", source="province")
    return selectors.deciding_agencies(version, timezone.localdate()).first()


@pytest.fixture
def inbound(settings, api, published):
    settings.NATIONAL = {**settings.NATIONAL, "INBOUND_KEY": KEY}
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {KEY}")
    return api


def body(stp, **overrides) -> dict:
    return {
        "MaHoSo": "G22.99-230306-0001",
        "MaTTHC": "1.012781",
        "madonvi": stp.code,
        "ChuHoSo": "Nguyễn Văn An",
        "LoaiDoiTuong": "1",
        "SoDienThoai": "0912345678",
        "Email": "an@example.vn",
        "TaiLieuNop": [
            {"TenTepDinhKem": "don.pdf", "NoiDung": base64.b64encode(PDF).decode()},
        ],
    } | overrides


def test_a_dossier_from_the_national_portal_waits_for_the_desk_s_check(inbound, office):
    answer = inbound.post(URL, body(office), format="json")
    assert answer.status_code == 201 and answer.json()["error_code"] == 0
    dossier = Dossier.objects.get(code=answer.json()["code"])
    assert dossier.state == State.SUBMITTED and dossier.channel == "online"
    assert dossier.applicant_name == "Nguyễn Văn An" and dossier.receiving_agency == office
    scan = DigitizedCopy.objects.get(dossier=dossier)
    assert scan.name == "don.pdf" and scan.content_type == "application/pdf"
    desk = user("admin")
    assert selectors.in_queue(selectors.visible_to(desk), desk, "todo").filter(pk=dossier.pk)

    again = inbound.post(URL, body(office), format="json")  # a replay: the same answer
    assert again.status_code == 200 and again.json()["code"] == dossier.code
    altered = inbound.post(URL, body(office, ChuHoSo="Trần Thị Bình"), format="json")
    assert altered.status_code == 409 and altered.json()["error_code"] == -1
    assert Dossier.objects.count() == 1 == InboundDossier.objects.count()


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"MaTTHC": "9.999999"}, 400, "MaTTHC"),
        ({"madonvi": "000.00.99.Z99"}, 400, "madonvi"),
        ({"ChuHoSo": ""}, 400, "ChuHoSo"),
        ({"MaHoSo": 42}, 400, "MaHoSo"),
        (
            {"TaiLieuNop": [{"TenTepDinhKem": "x.pdf", "NoiDung": "not base64!"}]},
            400,
            "TaiLieuNop.0",
        ),
        (
            {
                "TaiLieuNop": [
                    {"TenTepDinhKem": "x.pdf", "NoiDung": base64.b64encode(b"MZ").decode()}
                ]
            },
            400,
            "attachments.0",
        ),
        ({"TaiLieuNop": "everything"}, 400, "TaiLieuNop"),
    ],
)
def test_a_wrong_dossier_is_refused_clearly_and_leaves_nothing(
    inbound, office, change, status, field
):
    answer = inbound.post(URL, body(office, **change), format="json")
    assert answer.status_code == status, answer.content
    assert answer.json()["error_code"] == -1 and field in answer.json()["fields"]
    assert answer.json()["message"]
    assert not Dossier.objects.exists() and not InboundDossier.objects.exists()
    assert not DigitizedCopy.objects.exists()


def test_only_the_national_portal_s_credential_is_taken(settings, api, published, stp):
    settings.NATIONAL = {**settings.NATIONAL, "INBOUND_KEY": ""}  # unset: nobody
    api.credentials(HTTP_AUTHORIZATION="Bearer ")
    assert api.post(URL, body(stp), format="json").status_code == 401
    settings.NATIONAL = {**settings.NATIONAL, "INBOUND_KEY": KEY}
    for header in ("Bearer wrong", f"Token {KEY}", KEY, ""):
        api.credentials(HTTP_AUTHORIZATION=header)
        answer = api.post(URL, body(stp), format="json")
        assert answer.status_code == 401 and answer.json()["error_code"] == -1
    api.credentials()
    api.force_authenticate(user("admin"))  # an officer's session is not the national portal's
    assert api.post(URL, body(stp), format="json").status_code == 401
    assert not Dossier.objects.exists()
