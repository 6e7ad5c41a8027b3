"""Publication decisions straight from their signed documents: the three real decisions of
November 2025 in ``tests/catalog/decisions`` (copies of ``shared/data/decisions``)."""

import datetime as dt
import gzip
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.utils import timezone

from motcua.catalog import decision_document, decision_reader
from motcua.catalog.models import (
    DecisionItem,
    FollowUpDuty,
    InternalProcess,
    PublicationDecision,
)
from motcua.catalog.services import documents, import_national_records, sign_decision
from motcua.core.errors import DomainError

HERE = Path(__file__).resolve().parent / "decisions"
DATA = Path(__file__).resolve().parents[2] / "src" / "motcua" / "demo" / "data"
AN_GIANG = HERE / "angiang_2015_QD-UBND_2025-11-18.docx"
LAI_CHAU = HERE / "laichau_2934_QD-UBND_2025-11-20.docx"
QUANG_NGAI = HERE / "quangngai_1628_QD-UBND_2025-11-21.docx"
QUANG_NGAI_CODES = [
    "1.001122",
    "2.000894",
    "1.009832",
    "2.000890",
    "2.000823",
    "2.000568",
    "1.001216",
    "1.000555",
    "1.001117",
]


def read(path: Path) -> decision_reader.ReadDecision:
    return decision_reader.read(path.read_bytes(), path.name)


# --- reading (no database) -------------------------------------------------------------------


def test_an_giang_reads_as_its_text_says():
    decision = read(AN_GIANG)
    assert (decision.number, decision.date) == ("2015/QĐ-UBND", dt.date(2025, 11, 18))
    assert decision.signer == "Nguyễn Thanh Phong"
    assert decision.signer_title == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert decision.authority == "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    assert decision.effective_on == dt.date(2025, 11, 18)  # "có hiệu lực từ ngày ký"
    assert decision.ministry_decisions == ["3740/QĐ-BTC"]
    assert decision.counts() == {"new": 0, "amended": 1, "replaced": 0, "abolished": 3}
    assert [(r.action, r.code) for r in decision.rows] == [
        ("amended", "1.012507"),
        ("abolished", "1.012508"),
        ("abolished", "1.012509"),
        ("abolished", "1.012510"),
    ]
    amended = decision.rows[0]
    assert amended.field == "Đấu thầu"
    assert "15 (mười lăm) ngày làm việc" in amended.time_limit
    assert "100.000 đồng" in amended.fee and "22/2023/QH15" in amended.legal_basis
    assert "Bộ phận Một cửa" in amended.place
    # Article 3: the department drafts the internal process and integrates the online service.
    assert [(d.kind, d.days, d.unit) for d in decision.duties] == [
        ("internal_process", None, ""),
        ("online", None, ""),
    ]
    assert decision.problems == []


def test_lai_chau_has_two_new_procedures_without_codes():
    decision = read(LAI_CHAU)
    assert (decision.number, decision.date, decision.signer) == (
        "2934/QĐ-UBND",
        dt.date(2025, 11, 20),
        "Tống Thanh Hải",
    )
    # No section heading: the annex title says "ĐƯỢC BAN HÀNH MỚI".
    assert decision.counts() == {"new": 2, "amended": 0, "replaced": 0, "abolished": 0}
    assert [r.code for r in decision.rows] == ["", ""]
    assert decision.rows[0].name.startswith("Thủ tục cấp giấy chứng nhận lưu hành tự do (CFS)")
    assert decision.rows[0].field == "Báo chí, xuất bản"
    assert decision.rows[0].fee == "Không quy định"
    assert decision.ministry_decisions == ["4347/QĐ-BVHTTDL"]
    assert [(d.kind, d.days) for d in decision.duties] == [("configure", None)]


def test_quang_ngai_codes_keep_their_province_suffix_apart():
    decision = read(QUANG_NGAI)
    assert (decision.number, decision.date, decision.signer) == (
        "1628/QĐ-UBND",
        dt.date(2025, 11, 21),
        "Nguyễn Công Hoàng",
    )
    assert [r.code for r in decision.rows] == QUANG_NGAI_CODES
    assert {r.suffix for r in decision.rows} == {"H48"}
    assert decision.rows[0].printed_code == "1.001122.000.00.00.H48"
    # The list states no kind of change: the catalog decides (see below).
    assert {r.action for r in decision.rows} == {""}
    assert decision.ministry_decisions == ["524/QĐ-BTP", "853/QĐ-BTP"]
    # 2.1 national database; 2.2 internal processes; 2.3 electronic process. 2.4 only asks
    # the centres to guide people to the online service: not an integration duty.
    assert [d.kind for d in decision.duties] == ["publish", "configure", "internal_process"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.012507", ("1.012507", "")),
        ("1.0125 07", ("1.012507", "")),
        ("1.012\n507", ("1.012507", "")),
        ("1.001122.000.00.00.H48", ("1.001122", "H48")),
        ("3.000527.H61", ("3.000527", "H61")),
        ("Cấp phép (Mã: 2.000890.000.00.00.H48)", ("2.000890", "H48")),
        ("1.000.000 đồng", ("", "")),
        ("", ("", "")),
    ],
)
def test_codes_are_read_however_they_are_printed(text, expected):
    assert decision_reader.national_code(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Sở Khoa học và Công nghệ cấu hình quy trình điện tử trong thời hạn 03 ngày.",
            (3, "days"),
        ),
        (
            "Sở Tài chính tích hợp, cung cấp dịch vụ công trực tuyến trên Cổng Dịch vụ công quốc "
            "gia trong thời hạn 05 (năm) ngày làm việc kể từ ngày ký.",
            (5, "working_days"),
        ),
        ("tích hợp lên Cổng Dịch vụ công quốc gia trong năm ngày làm việc.", (5, "working_days")),
        ("Sở Tư pháp xây dựng quy trình nội bộ trình phê duyệt.", (None, "")),
    ],
)
def test_a_duty_carries_the_days_its_text_gives(text, expected):
    (duty,) = decision_reader.duties_in([text])
    assert (duty.days, duty.unit) == expected


@pytest.mark.parametrize(
    "data",
    [b"", b"not a document", b"PK\x03\x04broken", b"%PDF-1.4 broken", b"\x00" * 100],
)
def test_what_is_not_a_document_is_refused_clearly(data):
    with pytest.raises(DomainError) as err:
        decision_reader.read(data)
    assert err.value.code in ("decision_document_unreadable", "decision_document_no_text")


def test_a_document_that_unpacks_to_gigabytes_is_refused_unread(settings):
    settings.XLSX_MAX_UNPACKED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (3 * 1024 * 1024))
    with pytest.raises(DomainError) as err:
        decision_reader.read(buffer.getvalue())
    assert err.value.code == "file_too_large"


# --- into the catalog ------------------------------------------------------------------------


def _records(name: str, codes: set[str]) -> list[str]:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        return [line for line in fh if json.loads(line)["ma_thu_tuc"] in codes]


@pytest.fixture
def justice(db):
    import_national_records(_records("national_procedures_justice.jsonl.gz", set(QUANG_NGAI_CODES)))
    import_national_records(_records("national_procedures_sample.jsonl.gz", {"1.000555"}))


@pytest.mark.django_db
def test_quang_ngai_imports_as_nine_new_items_with_the_national_content(justice):
    decision_read = read(QUANG_NGAI)
    summary = documents.summary(decision_read, documents.check(decision_read))
    assert summary["items"] == {"new": 9, "amended": 0, "replaced": 0, "abolished": 0}
    assert summary["codes"] == QUANG_NGAI_CODES
    assert summary["duties"] == [
        {"kind": "publish", "days": None, "unit": ""},
        {"kind": "configure", "days": None, "unit": ""},
        {"kind": "internal_process", "days": None, "unit": ""},
    ]
    # The kind of change is inferred, and said so, row by row; nothing blocks.
    assert all(p["code"] == "row_warning" for p in summary["problems"])
    assert PublicationDecision.objects.count() == 0  # reading writes nothing

    decision = documents.create_draft(decision_read, data=QUANG_NGAI.read_bytes())
    assert decision.state == "draft" and decision.unresolved == []
    assert decision.dated_on == dt.date(2025, 11, 21)
    items = list(decision.items.select_related("procedure", "version"))
    assert [i.procedure.code for i in items] == QUANG_NGAI_CODES
    first = items[0].version
    # The row's own text is the published content; the national record gave the rest.
    assert "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi" in first.receiving_address
    assert first.field.name == "Giám định tư pháp"
    assert first.documents.exists()
    assert [(f.amount, f.text) for f in first.fees.all()] == [(0, "Không")]
    # 07: "7 ngày làm việc" then "10 ngày làm việc": two stages, the value left to the officer.
    seventh = items[6].version
    assert {t.value for t in seventh.time_limits.all()} == {None}
    assert decision.source_document.name.endswith(".docx")

    signed = sign_decision(decision, signed_on=dt.date(2025, 11, 21))
    kinds = set(signed.duties.values_list("kind", flat=True))
    assert kinds == {"publish", "configure", "internal_process"}


@pytest.mark.django_db
def test_lai_chau_rows_without_codes_wait_for_the_officer(justice):
    decision = documents.create_draft(read(LAI_CHAU))
    assert decision.items.count() == 0
    assert [row["order"] for row in decision.unresolved] == [1, 2]
    assert "No code" in decision.unresolved[0]["problem"] or decision.unresolved[0]["problem"]
    with pytest.raises(DomainError) as err:
        sign_decision(decision, signed_on=dt.date(2025, 11, 20))
    assert err.value.code == "decision_rows_unresolved"

    # The officer gives the codes the ministry published (not yet in the national records):
    # published by reference to the ministry's decision until the record is known.
    documents.resolve_row(decision, 1, code="1.014601")
    documents.resolve_row(decision, 2, code="1.014602")
    decision.refresh_from_db()
    assert decision.unresolved == []
    version = decision.items.get(procedure__code="1.014601").version
    assert version.national_decision == "4347/QĐ-BVHTTDL"
    assert version.name.startswith("Thủ tục cấp giấy chứng nhận lưu hành tự do")
    signed = sign_decision(decision, signed_on=dt.date(2025, 11, 20))
    assert list(signed.duties.values_list("kind", flat=True)) == ["configure"]


@pytest.mark.django_db
def test_an_giang_rows_not_in_the_province_list_block_signing(justice):
    import_national_records(_records("national_procedures_sample.jsonl.gz", {"1.012507"}))
    decision = documents.create_draft(read(AN_GIANG))
    # 1.012507 is a known procedure: its item exists, and signing says it is not in force here;
    # 1.012508-10 are in no record: rows to resolve.
    assert [i.procedure.code for i in decision.items.all()] == ["1.012507"]
    assert [r["code"] for r in decision.unresolved] == ["1.012508", "1.012509", "1.012510"]
    documents.resolve_row(decision, 2, drop=True)
    decision.refresh_from_db()
    assert len(decision.unresolved) == 2


@pytest.mark.django_db
def test_a_draft_is_all_or_nothing(justice):
    documents.create_draft(read(QUANG_NGAI))
    with pytest.raises(DomainError) as err:
        documents.create_draft(read(QUANG_NGAI))  # same number
    assert err.value.code == "decision_exists"
    assert PublicationDecision.objects.count() == 1
    assert DecisionItem.objects.count() == 9


@pytest.mark.django_db
def test_follow_up_days_in_the_text_set_the_due_dates(justice):
    decision_read = read(QUANG_NGAI)
    decision_read.duties = decision_reader.duties_in(
        ["Sở Khoa học và Công nghệ cấu hình quy trình điện tử trong thời hạn 05 ngày làm việc."]
    )
    decision = documents.create_draft(decision_read)
    signed = sign_decision(decision, signed_on=dt.date(2025, 11, 21))  # a Friday
    duty = signed.duties.get(kind=FollowUpDuty.Kind.CONFIGURE)
    # Friday counts as the first day, as for every duty: Friday + Monday to Thursday.
    assert timezone.localtime(duty.due_at).date() == dt.date(2025, 11, 27)


@pytest.mark.django_db
def test_the_command_prints_the_json_summary(justice, capsys):
    call_command("import-decision", str(QUANG_NGAI), "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["number"] == "1628/QĐ-UBND" and result["date"] == "2025-11-21"
    assert result["signer"] == "Nguyễn Công Hoàng"
    assert result["items"]["new"] == 9 and result["codes"] == QUANG_NGAI_CODES
    assert PublicationDecision.objects.get(number="1628/QĐ-UBND").items.count() == 9


# --- the document out, and back in -----------------------------------------------------------


def _fingerprint(decision: PublicationDecision) -> dict:
    decision.refresh_from_db()
    return {
        "number": decision.number,
        "dated_on": decision.dated_on,
        "effective_from": decision.effective_from,
        "signer": decision.signer,
        "signer_title": decision.signer_title,
        "authority": decision.authority,
        "title": decision.title,
        "duties": [(d["kind"], d["days"], d["unit"]) for d in decision.follow_up],
        "items": [
            (
                i.action,
                i.procedure.code,
                i.version.name if i.version else "",
                i.version.field.name if i.version and i.version.field else "",
                i.version.levels if i.version else "",
                sorted(
                    (t.channel, t.value, t.text, t.description) for t in i.version.time_limits.all()
                )
                if i.version
                else [],
                sorted((f.amount, f.text) for f in i.version.fees.all()) if i.version else [],
                i.version.receiving_address if i.version else "",
                i.version.legal_basis_text if i.version else "",
                i.note,
            )
            for i in decision.items.select_related("procedure", "version__field")
        ],
        "unresolved": [(r["order"], r["action"], r["name"]) for r in decision.unresolved],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", [AN_GIANG, LAI_CHAU, QUANG_NGAI], ids=lambda p: p.name[:8])
def test_a_generated_document_reads_back_into_the_same_draft(justice, path):
    import_national_records(_records("national_procedures_sample.jsonl.gz", {"1.012507"}))
    first = documents.create_draft(read(path))
    before = _fingerprint(first)
    generated = decision_document.decision_docx(first)
    # The same draft again, from the document motcua printed.
    DecisionItem.objects.filter(decision=first).delete()
    first.delete()
    again = documents.create_draft(decision_reader.read(generated, "generated.docx"))
    assert _fingerprint(again) == before


@pytest.mark.django_db
def test_the_generated_document_follows_the_national_layout(justice):
    decision = documents.create_draft(read(QUANG_NGAI))
    data = decision_document.decision_docx(decision)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    header = document.tables[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.cell(0, 1).text
    assert header.cell(1, 0).text == "Số: 1628/QĐ-UBND"
    assert header.cell(1, 1).text == "Quảng Ngãi, ngày 21 tháng 11 năm 2025"
    texts = [p.text for p in document.paragraphs]
    assert "QUYẾT ĐỊNH:" in texts and "PHỤ LỤC" in texts
    assert texts[texts.index("QUYẾT ĐỊNH") + 2] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    signature = document.tables[1].cell(0, 1).text
    assert signature.startswith("KT. CHỦ TỊCH") and signature.endswith("Nguyễn Công Hoàng")
    annex = document.tables[2]
    assert [c.text for c in annex.rows[0].cells][:3] == ["STT", "Mã TTHC", "Tên thủ tục hành chính"]
    assert len(annex.rows) == 1 + 9
    pdf = decision_document.decision_pdf(decision)
    assert pdf.startswith(b"%PDF")


# --- internal-process annexes ----------------------------------------------------------------


def test_an_internal_process_annex_is_read_step_by_step():
    from tests.catalog.process_annex import decision_with_process

    decision = decision_reader.read(decision_with_process())
    (process,) = decision.processes
    assert process.code == "1.012781"
    assert [s.order for s in process.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert (process.steps[0].days, process.steps[1].hours) == (Decimal("0.25"), Decimal(4))
    assert process.steps[6].counted is False
    (segment,) = process.segments
    assert (segment.first, segment.last, segment.days) == (4, 5, Decimal(17))
    assert process.total_days == Decimal(20)
    assert [(d.kind, d.days, d.unit) for d in decision.duties] == [("configure", 3, "working_days")]


@pytest.mark.django_db
def test_an_approved_process_is_in_force_from_the_signature(sample_subset, demo):
    from tests.catalog.process_annex import decision_with_process

    decision = documents.create_draft(decision_reader.read(decision_with_process()))
    # "Sở Kế hoạch và Đầu tư" is the demo's department: the process is its own.
    assert decision.unresolved == []
    (entry,) = decision.processes
    assert entry["code"] == "1.012781" and entry["agency"]
    signed = sign_decision(decision, signed_on=dt.date(2023, 4, 5))
    process = InternalProcess.objects.get(procedure__code="1.012781")
    assert process.approval_decision == signed.number
    assert process.effective_from == dt.date(2023, 4, 5)
    assert process.steps.count() == 7
    assert list(process.segments.values_list("first", "last", "days")) == [(4, 5, Decimal(17))]


@pytest.mark.django_db
def test_a_process_whose_agency_is_unknown_waits_for_the_officer(sample_subset, demo):
    from tests.catalog.process_annex import decision_with_process

    data = decision_with_process(department="Sở Không Có Thật")
    decision = documents.create_draft(decision_reader.read(data))
    (row,) = decision.unresolved
    assert row["kind"] == "process" and row["order"] == 2
    with pytest.raises(DomainError):
        sign_decision(decision, signed_on=dt.date(2023, 4, 5))
    with pytest.raises(DomainError) as err:
        documents.resolve_row(decision, 2, agency="000.00.99.Z99")
    assert err.value.code == "agency_not_found"
    documents.resolve_row(decision, 2, agency="000.00.10.H03")
    decision.refresh_from_db()
    assert decision.unresolved == [] and decision.processes[0]["agency"] == "000.00.10.H03"
    sign_decision(decision, signed_on=dt.date(2023, 4, 5))
    assert InternalProcess.objects.get().agency.code == "000.00.10.H03"


@pytest.mark.django_db
def test_a_process_that_does_not_add_up_to_the_limit_is_a_row_to_resolve(sample_subset, demo):
    from tests.catalog.process_annex import decision_with_process

    data = decision_with_process(limit="15 ngày làm việc")
    decision = documents.create_draft(decision_reader.read(data))
    (row,) = decision.unresolved
    assert row["kind"] == "process" and "20" in row["problem"] and "15" in row["problem"]
    assert decision.processes == []


@pytest.mark.django_db
def test_a_process_annex_reads_back_from_the_generated_document(sample_subset, demo):
    from tests.catalog.process_annex import decision_with_process

    first = documents.create_draft(decision_reader.read(decision_with_process()))
    before = first.processes
    generated = decision_document.decision_docx(first)
    assert decision_document.decision_pdf(first).startswith(b"%PDF")
    DecisionItem.objects.filter(decision=first).delete()
    first.delete()
    again = documents.create_draft(decision_reader.read(generated))
    assert again.processes == before and again.unresolved == []


@pytest.mark.django_db
def test_a_pdf_with_a_text_layer_is_read_line_by_line(justice):
    draft = documents.create_draft(read(QUANG_NGAI))
    pdf = decision_document.decision_pdf(draft)
    again = decision_reader.read(pdf, "quyet-dinh.pdf")
    assert (again.number, again.date, again.signer) == (
        "1628/QĐ-UBND",
        dt.date(2025, 11, 21),
        "Nguyễn Công Hoàng",
    )
    assert [r.code for r in again.rows] == QUANG_NGAI_CODES
    assert again.counts()["new"] == 9
    assert [d.kind for d in again.duties] == ["publish", "configure", "internal_process"]
    assert again.effective_on == dt.date(2025, 11, 21)
