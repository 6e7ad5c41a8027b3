"""The public procedure pages through Django's test client."""

import pytest

pytestmark = pytest.mark.django_db


def test_detail_of_an_unknown_code_is_404(client):
    assert client.get("/portal/thu-tuc/9.999999/").status_code == 404


def test_detail_before_a_procedure_existed_says_so(client, sample_subset):
    from motcua.catalog.models import ProcedureVersion

    ProcedureVersion.objects.filter(procedure__code="1.012781").update(effective_from="2024-01-01")
    page = client.get("/portal/thu-tuc/1.012781/", {"as_of": "2023-06-30"}).content.decode()
    assert "không có hiệu lực vào ngày 30/06/2023" in page


def test_detail_shows_the_ways_time_limits_and_documents(client, sample_subset):
    page = client.get("/portal/thu-tuc/1.012781/").content.decode()
    assert "20 ngày làm việc" in page and "Thành phần hồ sơ" in page
    assert client.get("/portal/thu-tuc/1.012781/", {"as_of": "not-a-date"}).status_code == 200


def test_search_page_filters_and_pages(client, sample_subset):
    page = client.get("/portal/thu-tuc/", {"q": "giay phep", "level": "province"}).content.decode()
    assert "result-item" in page
    empty = client.get("/portal/thu-tuc/", {"q": "zzzzqqq"}).content.decode()
    assert "Không có thủ tục nào khớp với các từ này" in empty
    # Filters alone that find nothing say so, not "try other words".
    filtered = client.get("/portal/thu-tuc/", {"online": "full"}).content.decode()
    assert "khớp với các bộ lọc này" in filtered and "Hãy thử từ khác" not in filtered
