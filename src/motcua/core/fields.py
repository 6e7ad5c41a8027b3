"""Form fields every form of the project shares."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import day_text
from motcua.core.text import phone_digits
from motcua.formats.vi.formats import DATE_INPUT_FORMATS

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


class DayField(forms.DateField):
    """A day typed as dd/mm/yyyy whatever the browser's language (core.dates); ISO accepted."""

    input_formats = DATE_INPUT_FORMATS  # whatever the page's language (motcua/formats)
    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy, e.g. 15/06/2023.")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "placeholder": "dd/mm/yyyy",
                    "autocomplete": "off",
                    "class": "date",
                    "size": 10,
                }
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return day_text(value) if value else value


class MomentField(forms.DateTimeField):
    """A day and a time typed as dd/mm/yyyy hh:mm; ISO (what older links carry) accepted."""

    input_formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y, %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    default_error_messages = {
        "invalid": _("Enter a day and a time as dd/mm/yyyy hh:mm, e.g. 15/06/2023 16:10.")
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", "size": 16}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y %H:%M")
        return value
