"""The tracking book: the desk's dossiers of a period, on the page, in XLSX and in PDF."""

import io

import pytest
from openpyxl import load_workbook

from motcua.dossiers import services
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db


def test_the_book_lists_the_period_with_its_dates(client, receive, stp):
    first = receive(at=moment(2023, 3, 6, 9))
    services.act(first.code, "hand_over", user=user("stp.motcua"), at=moment(2023, 3, 6, 10))
    second = receive(at=moment(2023, 3, 20, 9))
    outside = receive(at=moment(2023, 4, 3, 9))
    client.force_login(user("stp.motcua"))
    query = {"agency": stp.pk, "start": "2023-03-01", "end": "2023-03-31"}
    page = client.get("/mot-cua/so-theo-doi/", query).content.decode()
    assert first.code in page and second.code in page and outside.code not in page
    assert "Sổ theo dõi hồ sơ" in page and "Mẫu số 06" in page  # the 2018 form in 2023

    xlsx = client.get("/mot-cua/so-theo-doi/", query | {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Mã hồ sơ", "Tên thủ tục hành chính")
    assert [r[1] for r in rows[1:]] == [first.code, second.code]
    assert rows[1][7] == "09:00 06/03/2023" and rows[1][9] == "10:00 06/03/2023"
    pdf = client.get("/mot-cua/so-theo-doi/", query | {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_desk_reads_only_its_own_book(client, receive, stp):
    receive()
    client.force_login(user("skhdt.motcua"))
    page = client.get(
        "/mot-cua/so-theo-doi/", {"agency": stp.pk, "start": "2023-03-01", "end": "2023-03-31"}
    ).content.decode()
    assert 'id="book"' not in page  # Sở Tư pháp is not one of its desks: the form refuses it
    backwards = client.get(
        "/mot-cua/so-theo-doi/", {"agency": stp.pk, "start": "2023-03-31", "end": "2023-03-01"}
    )
    assert 'id="book"' not in backwards.content.decode()
