"""The applicant's data store does the work: papers kept from earlier dossiers, described
(kind, number, issuer, validity, where they came from), proposed again for a new dossier of the
same applicant — by account or ID number — when still valid, and the reuse recorded."""

import datetime as dt

import pytest

from motcua.core.errors import DomainError, PermissionDenied
from motcua.dossiers import digitization
from motcua.dossiers.models import DigitizedCopy, Dossier
from tests.dossiers.conftest import moment, user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_paper_is_known_by_what_it_is_not_how_it_is_handed_in():
    kind = digitization.paper_kind
    assert kind("Bản sao Giấy khai sinh (có chứng thực)") == "giay khai sinh"
    assert kind("02 bản chính Giấy khai sinh") == "giay khai sinh"
    assert digitization.same_kind(kind("Giấy khai sinh"), kind("Giấy khai sinh của người con"))
    assert not digitization.same_kind(kind("Giấy khai sinh"), kind("Giấy chứng tử"))
    assert not digitization.same_kind("don", "don de nghi")  # one word is not enough


@pytest.fixture
def earlier(receive, settings, tmp_path):
    """An applicant's dossier of last month, its application scanned at the counter."""
    settings.MEDIA_ROOT = tmp_path
    dossier = receive(at=moment(2023, 3, 6, 9, 0))
    digitization.digitize(
        dossier.code,
        data=PDF,
        name="don.pdf",
        pages=1,
        user=user("stp.motcua"),
        document_id=dossier.documents.get().pk,
    )
    return dossier


def test_the_counter_takes_a_stored_paper_instead_of_scanning_it_again(client, earlier, receive):
    stored = earlier.scans.get()
    assert stored.paper_kind == "don dang ky"
    new = receive(at=moment(2023, 4, 3, 9, 0))  # same applicant: same ID number
    document = new.documents.get()
    offered = digitization.reusable([document], id_number=new.id_number)
    assert [c.pk for c in offered[document.pk]] == [stored.pk]
    client.force_login(user("stp.motcua"))
    page = client.get(f"/mot-cua/ho-so/{new.code}/").content.decode()
    assert "Đã có trong kho dữ liệu của người nộp" in page and earlier.code in page
    response = client.post(
        f"/mot-cua/ho-so/{new.code}/kho-du-lieu/",
        {"document": document.pk, "source": stored.pk},
    )
    assert response.status_code == 302
    copy = new.scans.get()
    assert copy.reused_from == stored and copy.sha256 == stored.sha256
    assert copy.file.name == stored.file.name  # the same bytes, not a second file
    new = Dossier.objects.get(pk=new.pk)
    assert new.reused and new.digitized  # the indicators count it
    assert new.events.filter(action="digitize").exists()


def test_what_is_expired_or_someone_elses_is_not_offered(earlier, receive):
    stored = earlier.scans.get()
    other = receive(at=moment(2023, 4, 3, 9, 0), id_number="006190009999", name="Lê Văn C")
    document = other.documents.get()
    assert digitization.reusable([document], id_number=other.id_number)[document.pk] == []
    with pytest.raises(DomainError):
        digitization.reuse_stored(other.code, document.pk, stored.pk, user=user("stp.motcua"))
    DigitizedCopy.objects.filter(pk=stored.pk).update(expires_on=dt.date(2023, 3, 31))
    same = receive(at=moment(2023, 4, 3, 9, 0))
    document = same.documents.get()
    assert digitization.reusable([document], id_number=same.id_number, on=dt.date(2023, 4, 3)) == {
        document.pk: []
    }
    assert not same.scans.exists()


def test_another_desks_officer_cannot_take_it(earlier, receive):
    new = receive(at=moment(2023, 4, 3, 9, 0))
    with pytest.raises(PermissionDenied):
        digitization.reuse_stored(
            new.code, new.documents.get().pk, earlier.scans.get().pk, user=user("skhdt.motcua")
        )


def test_a_result_is_named_without_the_code_the_records_run_into_it():
    from types import SimpleNamespace

    def titled(text):
        return digitization.result_title(SimpleNamespace(version=SimpleNamespace(result=text)))

    assert titled("Quyết định hỗ trợ chi phí.Mã: KQ.G15.000210Văn bản trả lời") == (
        "Quyết định hỗ trợ chi phí"
    )
    assert titled("Giấy phép xây dựng.\nBản vẽ") == "Giấy phép xây dựng"
    assert titled("") == "Kết quả giải quyết"
