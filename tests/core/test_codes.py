import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.codes import InvalidDossierCode, format_dossier_code, parse_dossier_code


def test_w3_general_format():
    code = parse_dossier_code("000.00.14.H56-200203-0118")
    assert code.agency == "000.00.14.H56"
    assert code.received_on == dt.date(2020, 2, 3)
    assert code.sequence == 118
    assert str(code) == "000.00.14.H56-200203-0118"


def test_centralised_services_format_with_a_long_sequence():
    code = parse_dossier_code("G01.123.45-260126-0712345")
    assert (code.agency, code.system, code.sequence) == ("G01.123.45", "07", 12345)
    assert code.received_on == dt.date(2026, 1, 26)


@pytest.mark.parametrize(
    "bad", ["", "000.00.14.H56-200230-0118", "000.00.14.H56-200203-18", "H56-200203-0118"]
)
def test_bad_codes(bad):
    with pytest.raises(InvalidDossierCode):
        parse_dossier_code(bad)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.integers(min_value=1, max_value=10**7),
)
def test_format_and_parse_round_trip(day, sequence):
    code = format_dossier_code("000.00.03.H03", day, sequence)
    parsed = parse_dossier_code(code)
    assert (parsed.received_on, parsed.sequence) == (day, sequence)
