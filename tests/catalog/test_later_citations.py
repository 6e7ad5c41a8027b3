"""A version whose text cites a law issued after the day it speaks for is flagged, not shown as
if that law had existed (the demo's 2023 catalog is built from 2026 national records)."""

import datetime as dt

import pytest

from motcua.catalog.models import ProcedureVersion

pytestmark = pytest.mark.django_db


def test_documents_issued_after_the_day_are_named(sample_subset, client):
    version = ProcedureVersion.objects.filter(procedure__code="1.000049").first()
    assert "39/2026/NĐ -CP" in version.documents_text or any(
        "39/2026" in d.name for d in version.documents.all()
    )
    assert "39/2026/NĐ-CP" in version.later_citations(dt.date(2023, 6, 30))
    # Laws of the day or earlier are not flagged.
    assert not any("/2018/" in n for n in version.later_citations(dt.date(2023, 6, 30)))
    assert version.later_citations(dt.date(2026, 12, 31)) == []


def test_the_procedure_page_warns_when_its_text_is_later_than_its_day(sample_subset, client):
    ProcedureVersion.objects.filter(procedure__code="1.000049").update(
        effective_from=dt.date(2023, 1, 1)
    )
    page = client.get("/portal/thu-tuc/1.000049/", {"as_of": "2023-06-30"}).content.decode()
    assert 'data-testid="later-citations"' in page and "39/2026/NĐ-CP" in page


def test_the_api_names_the_later_documents_too(sample_subset, api):
    ProcedureVersion.objects.filter(procedure__code="1.000049").update(
        effective_from=dt.date(2023, 1, 1)
    )
    body = api.get("/api/v1/procedures/1.000049", {"as_of": "2023-06-30"}).json()
    assert "39/2026/NĐ-CP" in body["version"]["later_citations"]
