"""Reading the national portal's records: every time limit written with a number is read, with
its way of submitting and (where the text gives one) its unit; nothing is dropped."""

import re
from decimal import Decimal

import pytest

from motcua.catalog.parsing import parse_record
from tests.catalog.conftest import sample_records

RECORDS = sample_records()
CHANNELS = {"Trực tiếp": "direct", "Trực tuyến": "online", "Dịch vụ bưu chính": "post"}


def by_code(code):
    return parse_record(next(r for r in RECORDS if r["ma_thu_tuc"] == code))


def test_every_time_limit_written_with_a_number_is_read():
    written = re.compile(
        r"(Trực tiếp|Trực tuyến|Dịch vụ bưu chính)(\d+(?:[.,]\d+)?)\s*(Ngày làm việc|Ngày|Giờ|Tháng)?"
    )
    units = {"Ngày làm việc": "working_days", "Ngày": "days", "Giờ": "hours", "Tháng": "months"}
    checked = 0
    for raw in RECORDS:
        parsed = parse_record(raw)
        # A channel may have several rows (sub-cases): compare row by row, in order.
        read = [t for t in parsed.time_limits if t.value is not None]
        found = written.findall(raw["cach_thuc_thuc_hien"])
        assert len(read) == len(found), raw["ma_thu_tuc"]
        for limit, (channel, number, unit) in zip(read, found, strict=True):
            assert limit.channel == CHANNELS[channel], raw["ma_thu_tuc"]
            if unit:
                assert limit.unit == units[unit], raw["ma_thu_tuc"]
                assert limit.value == Decimal(number.replace(",", "."))
            checked += 1
    assert checked > 5000


def test_time_limits_differ_by_way_of_submitting():
    limits = {t.channel: (t.value, t.unit) for t in by_code("1.012781").time_limits}
    assert limits == {
        "online": (Decimal(10), "working_days"),
        "post": (Decimal(10), "working_days"),
        "direct": (Decimal(20), "working_days"),
    }


def test_a_bare_number_running_into_a_fee_is_split_and_flagged():
    parsed = by_code("2.002060")
    assert {t.value for t in parsed.time_limits} == {Decimal(1)}
    assert {t.unit for t in parsed.time_limits} == {None}
    assert [f.amount for f in parsed.fees] == [100, 100, 25]
    assert any(flag.startswith("time_and_fee_run_together") for flag in parsed.flags)


def test_free_text_fees_and_foreign_currency_are_kept():
    fees = [f for r in RECORDS for f in parse_record(r).fees]
    assert any(f.text == "Miễn phí" and f.amount == 0 for f in fees)
    foreign = [r for r in RECORDS if "USD" in r["cach_thuc_thuc_hien"]]
    assert foreign
    for raw in foreign:
        parsed = parse_record(raw)
        assert any(f.startswith("fee_foreign_currency") for f in parsed.flags), raw["ma_thu_tuc"]
        assert any("USD" in text for text in parsed.descriptions.values())


def test_documents_with_counts_groups_and_forms():
    docs = by_code("1.004286").documents
    groups = {d.group for d in docs}
    assert any(g.startswith("Trường hợp Giấy phép mất") for g in groups)
    assert any(d.originals == 1 and d.copies == 1 for d in docs)
    assert any(d.form_name.endswith(".docx") for d in docs)


def test_a_name_ending_in_a_number_keeps_it():
    parsed = parse_record(
        {
            "ma_thu_tuc": "1.000001",
            "ten_thu_tuc": "X",
            "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai theo Mẫu số 051 bản chính",
        }
    )
    assert parsed.documents[0].name == "Tờ khai theo Mẫu số 05"
    assert parsed.documents[0].originals == 1


@pytest.mark.parametrize(
    ("cell", "name", "form"),
    [
        ("Tờ khai đăng ký dự án đầu tưMẫu số 01", "Tờ khai đăng ký dự án đầu tư", "Mẫu số 01"),
        (
            "Đơn theo Thông tư 26/2025/TT-BNNMT.Mẫu số 29.docx",
            "Đơn theo Thông tư 26/2025/TT-BNNMT.",
            "Mẫu số 29.docx",
        ),
        ("Ảnh cỡ 4x6 nền trắng.mau so 12", "Ảnh cỡ 4x6 nền trắng.", "mau so 12"),
        ("Đơn theo mẫu của Bộ", "Đơn theo mẫu của Bộ", ""),
    ],
)
def test_the_form_column_run_into_a_documents_name_is_its_form(cell, name, form):
    parsed = parse_record(
        {
            "ma_thu_tuc": "1.000001",
            "ten_thu_tuc": "X",
            "thanh_phan_ho_so": f"--Tên giấy tờMẫu đơn, tờ khaiSố lượng{cell}1 bản chính",
        }
    )
    assert (parsed.documents[0].name, parsed.documents[0].form_name) == (name, form)


def test_levels_and_flags():
    parsed = by_code("1.001061")
    assert parsed.levels
    unreadable = parse_record({"ma_thu_tuc": "nope", "ten_thu_tuc": ""})
    assert "code_invalid" in unreadable.flags and "name_missing" in unreadable.flags


@pytest.mark.parametrize("raw", [{}, {"ma_thu_tuc": None}, {"cach_thuc_thuc_hien": 12}])
def test_garbage_never_raises(raw):
    parse_record(raw)
