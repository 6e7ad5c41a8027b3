import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.agencies.models import Role, StaffRole
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import services
from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import CODE, published  # noqa: F401

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AMOUNT = 50_000


@pytest.fixture
def citizen(db):
    return get_user_model().objects.create_user(
        username="an@example.vn",
        email="an@example.vn",
        phone="0912345678",
        password="x-Long-pass-1",
        kind="citizen",
        full_name="Nguyễn Văn An",
    )


@pytest.fixture
def officer(owing):
    user = get_user_model().objects.create_user(username="desk", password="x-Long-pass-1")
    StaffRole.objects.create(user=user, agency=owing.receiving_agency, role=Role.ONE_STOP_OFFICER)
    return user


@pytest.fixture
def owing(published, citizen, settings, tmp_path):  # noqa: F811
    """An online dossier of ``citizen`` waiting for a fee of AMOUNT đồng (state 6)."""
    settings.MEDIA_ROOT = tmp_path
    version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
    agency = services.deciding_agencies(version, timezone.localdate()).first()
    documents = [services.Handed(required_id=d.pk, copies=1) for d in version.documents.all()]
    dossier = services.submit_online(
        procedure_code=CODE,
        agency=agency,
        applicant=services.Applicant(name="Nguyễn Văn An", phone="0912345678"),
        documents=documents,
        attachments=[],
        owner=citizen,
    )
    services.act(dossier.code, "accept")
    services.act(dossier.code, "hand_over")
    return services.act(dossier.code, "request_payment", amount=AMOUNT)
