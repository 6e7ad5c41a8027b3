from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, nfc


def test_fold_strips_accents_and_maps_d():
    assert fold("Thủ tục Đất đai") == "thu tuc dat dai"
    assert fold("  CẤP   giấy phép xây dựng ") == "cap giay phep xay dung"


def test_nfc_composes_decomposed_input():
    decomposed = "Thu\u0309 tu\u0323c"  # "Thủ tục" typed with combining marks
    assert nfc(decomposed) == "Thủ tục"
    assert fold(decomposed) == "thu tuc"


@given(st.text())
def test_fold_is_idempotent_and_nfc_stable(text):
    assert fold(fold(text)) == fold(text)
    assert nfc(nfc(text)) == nfc(text)
