import pytest
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import selectors, services
from tests import factories
from tests.catalog.conftest import sample_subset  # noqa: F401 - fixtures
from tests.dossiers.conftest import CODE, published  # noqa: F401
from tests.factories import CitizenFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AMOUNT = 50_000


@pytest.fixture
def citizen(db):
    return CitizenFactory(username="an@example.vn", phone="0912345678")


@pytest.fixture
def officer(owing):
    user = factories.officer(owing.receiving_agency, Role.ONE_STOP_OFFICER, username="desk")
    return user


@pytest.fixture
def owing(published, citizen, settings, tmp_path):  # noqa: F811
    """An online dossier of ``citizen`` waiting for a fee of AMOUNT đồng (state 6)."""
    settings.MEDIA_ROOT = tmp_path
    version = ProcedureVersion.objects.get(procedure__code=CODE, source="province")
    agency = selectors.deciding_agencies(version, timezone.localdate()).first()
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
