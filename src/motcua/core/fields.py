"""Form fields every form of the project shares."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.text import phone_digits

# A Vietnamese number, written the way people write it ("0912 345 678", "+84 912.345.678",
# "(0209) 3870 123"): a mobile's ten digits (03, 05, 07, 08, 09) or a landline's eleven (02…).
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")
_WRITTEN = re.compile(r"^[\d\s.()+-]*$")


class PhoneField(forms.CharField):
    """A Vietnamese phone number, kept as its digits ("0912345678")."""

    default_error_messages = {
        "invalid": _(
            "Write a Vietnamese phone number: a mobile's 10 digits (e.g. 0912 345 678) or a "
            "landline's 11 (e.g. 0209 3870 123)."
        ),
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "tel")
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        digits = phone_digits(value)
        if not _WRITTEN.match(value) or not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return digits
