"""Bodies checked without a serializer each time (core.plain_input) give what DRF gives: the
same data for a valid body, DRF's own refusal for anything else."""

import copy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import ValidationError

from motcua.core import plain_input
from motcua.dossiers.api.serializers import ActionSerializer, DossierCreateSerializer

RECEIPT = {
    "procedure": "1.012781",
    "agency": "000.00.03.H03",
    "receiving_agency": "000.00.03.H03",
    "channel": "direct",
    "applicant": {
        "name": "Nguyễn Văn An",
        "kind": "organization",
        "id_number": "001203004567",
        "phone": "0912 345 678",
        "email": "an@example.vn",
        "address": "Tổ 1, phường Đức Xuân",
        "representative_name": "Trần Thị Bình",
        "representative_id_number": "B1234567",
    },
    "documents": [
        {"document": 3, "originals": 1, "copies": 2, "scan_exemption": "shown"},
        {"name": "Giấy ủy quyền", "originals": 0},
    ],
    "outcome": "request_supplement",
    "missing": ["Bản sao giấy khai sinh"],
    "reason": "Thiếu giấy tờ",
    "result_delivery": "post",
}
ACTION = {
    "action": "forward",
    "revision": 3,
    "missing": ["Sơ đồ"],
    "reason": "Lý do",
    "note": "Ghi chú",
    "number": "12/QĐ",
    "signer": "Lê Văn C",
    "summary": "Cấp phép",
    "agency": "000.00.03.H03",
    "amount": 150000,
    "assignee": 7,
}
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 40_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.sampled_from(
        [
            "",
            "   ",
            " direct ",
            "online",
            "accept",
            "refuse",
            "person",
            "electronic",
            "a" * 1001,
            "x\x00y",
            "\ud800",
            "5",
            "5.0",
            "not an email",
            "0912.345.678",
            "2023-03-06",
            "1.5",
        ]
    ),
    st.lists(st.text(max_size=3), max_size=2),
    st.dictionaries(st.sampled_from(["name", "document", "x"]), st.text(max_size=3), max_size=2),
)


@st.composite
def mutated(draw, base):
    """``base`` with some values replaced by junk, some keys dropped, some entries added."""

    def walk(value):
        if draw(st.integers(0, 7)) == 0:
            return draw(JUNK)
        if isinstance(value, dict):
            out = {k: walk(v) for k, v in value.items() if draw(st.integers(0, 8))}
            if draw(st.integers(0, 9)) == 0:
                out[draw(st.sampled_from(["extra", "name", "days", "date"]))] = draw(JUNK)
            return out
        if isinstance(value, list):
            return [walk(item) for item in value if draw(st.integers(0, 5))]
        if isinstance(value, str) and draw(st.integers(0, 5)) == 0:
            return f"  {value} "
        return value

    return walk(copy.deepcopy(base))


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (``1`` is not ``"1"``, nor ``True``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def check(serializer_class, body) -> bool:
    """True when the plain path decided; then DRF must agree exactly."""
    drf = serializer_class(data=body)
    valid = drf.is_valid()
    bound = serializer_class()
    try:
        plain = plain_input._serializer(bound, body)
    except plain_input._Unsure:
        decided = False
    else:
        decided = True
        assert valid, (body, drf.errors)
        assert same(plain, drf.validated_data), (plain, drf.validated_data)
    # And what callers get is always DRF's answer.
    if valid:
        assert same(plain_input.validated(serializer_class, body), drf.validated_data)
    else:
        with pytest.raises(ValidationError) as refused:
            plain_input.validated(serializer_class, body)
        assert refused.value.detail == drf.errors
    return decided


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated(RECEIPT))
def test_a_receipt_body_is_read_as_drf_reads_it(body):
    check(DossierCreateSerializer, body)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(mutated(ACTION))
def test_an_action_body_is_read_as_drf_reads_it(body):
    check(ActionSerializer, body)


@pytest.mark.parametrize(
    ("serializer_class", "body"),
    [
        (DossierCreateSerializer, RECEIPT),
        (
            DossierCreateSerializer,
            {
                "procedure": "1.012781",
                "agency": "000.00.03.H03",
                "channel": "direct",
                "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
                "documents": [{"name": "Đơn", "originals": 1}],
            },
        ),
        (ActionSerializer, ACTION),
        (ActionSerializer, {"action": "hand_over"}),
    ],
)
def test_the_usual_bodies_take_the_plain_path(serializer_class, body):
    assert check(serializer_class, body)


@pytest.mark.parametrize(
    "body",
    [
        {**RECEIPT, "channel": "fax"},
        {**RECEIPT, "channel": ""},
        {**RECEIPT, "result_delivery": ""},
        {**RECEIPT, "documents": [{"name": "Đơn", "originals": True}]},
        {**RECEIPT, "missing": ["Sơ đồ", " "]},
        {**RECEIPT, "applicant": {"name": "  "}},
        {**RECEIPT, "documents": [{"originals": 1}]},  # neither a listed paper nor a name
        {**RECEIPT, "documents": [{"name": "Đơn", "originals": 40_000}]},
        {**RECEIPT, "applicant": {**RECEIPT["applicant"], "email": "an@"}},
        {**RECEIPT, "documents": "Đơn"},
        {key: value for key, value in RECEIPT.items() if key != "applicant"},
    ],
)
def test_a_refused_body_gets_drfs_own_refusal(body):
    assert not check(DossierCreateSerializer, body)
