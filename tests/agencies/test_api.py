"""GET /api/v1/agencies, as API-CONTRACT.md names it."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/agencies"


def all_pages(api, params):
    results, url = [], URL
    while url:
        body = api.get(url, params if url == URL else None).json()
        results += body["results"]
        url = body["next"]
    return results


def test_list_shape(api, demo):
    body = api.get(URL, {"level": "province"}).json()
    assert set(body) >= {"results", "next"}
    first = body["results"][0]
    assert {"code", "name", "level", "parent"} <= set(first)
    assert first["code"] == "000.00.00.H03"
    assert first["parent"] is None


def test_filters_by_level_parent_and_date(api, demo):
    departments = all_pages(api, {"level": "department", "as_of": "2023-06-30"})
    assert len(departments) == 19
    assert {a["parent"] for a in departments} == {"000.00.00.H03"}
    communes = all_pages(api, {"parent": "000.00.31.H03"})
    assert len(communes) == 8  # Bắc Kạn city: 6 wards and 2 communes


def test_as_of_after_the_reform(api, db):
    import io

    from django.core.management import call_command

    call_command("load_demo", "--era", "2026", "--no-catalog", stdout=io.StringIO())
    departments = all_pages(api, {"level": "department", "as_of": "2026-01-01"})
    assert len(departments) == 14
    assert {a["parent"] for a in departments} == {"000.00.00.H55"}
    before = all_pages(api, {"level": "department", "as_of": "2025-06-30"})
    assert {a["parent"] for a in before} == {"000.00.00.H03"}


def test_keyset_pages_cover_every_agency_once(api, demo):
    rows = all_pages(api, {"page_size": "25"})
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == 137


def test_detail(api, demo):
    body = api.get(f"{URL}/000.00.03.H03").json()
    assert body["name"] == "Sở Tư pháp tỉnh Bắc Kạn"
    assert api.get(f"{URL}/nope").status_code == 404
    assert api.get(f"{URL}/nope").json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"level": "galaxy"}, "level"), ({"as_of": "2023-02-30"}, "as_of")],
)
def test_bad_filters(api, demo, params, field):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
