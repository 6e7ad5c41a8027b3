"""The shared form fields."""

import pytest
from django import forms

from motcua.core.fields import PhoneField


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("(0209) 3870 123", "02093870123"),
        ("", ""),
    ],
)
def test_a_vietnamese_number_is_kept_as_its_digits(written, kept):
    assert PhoneField(required=False).clean(written) == kept


@pytest.mark.parametrize(
    "written",
    ["091234567", "09123456789", "1234567890", "0112345678", "0912-ABC-678", "+1 415 555 0100"],
)
def test_anything_else_is_refused_with_what_to_write(written):
    with pytest.raises(forms.ValidationError) as refused:
        PhoneField().clean(written)
    assert "0912 345 678" in str(refused.value)
