"""What the review app's writes share: the recommendation's fields and the checks of an
amount and of a procedure's code."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError, field_error
from motcua.core.text import nfc
from motcua.reviews.models import (
    CRITERION_KEYS,
    IMPACT_CRITERIA,
    Recommendation,
)

Kind = Recommendation.Kind


Outcome = Recommendation.Outcome


# The proposal fields a recommendation carries; a revision may change any of them.
RECOMMENDATION_FIELDS = (
    "kind",
    "content",
    "current_value",
    "proposed_value",
    "proposed_days",
    "proposed_preparation_hours",
    "proposed_other_costs",
    "regulation",
    "implementer",
)


def _amount(value, field: str, *, required: bool = False, whole: bool = False) -> Decimal | None:
    """A number ≥ 0 (whole đồng when ``whole``); None when empty and not required."""
    if value in (None, ""):
        if required:
            raise field_error(field, _("This field is required."), "required")
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise field_error(field, _("Enter a number.")) from None
    if not number.is_finite():
        raise field_error(field, _("Enter a number."))
    if number < 0:
        raise field_error(field, _("Must not be negative."), "negative_value")
    if whole and number != number.to_integral_value():
        raise field_error(field, _("A whole number of đồng."))
    if number >= Decimal(10) ** 12:
        raise field_error(field, _("The number is too large."))
    return number


def _procedure(code: str, field: str = "procedure") -> Procedure:
    code = nfc(code or "").strip()
    found = Procedure.objects.filter(code=code).first() if code else None
    if found is None:
        raise DomainError(
            _("Procedure %(code)s is not in the catalog.") % {"code": code or "–"},
            code="unknown_procedure",
            fields={field: [_("Not in the catalog.")]},
        )
    return found


# An assessment's criteria: the flags each answers, with their defaults (a review's criteria of
# Decree 63/2010 Art. 10; a draft's impact criteria).
REVIEW_FLAGS = (CRITERION_KEYS, {"reasonable": True, "lawful": True})
IMPACT_FLAGS = (tuple(key for key, _label in IMPACT_CRITERIA), {"met": False})


def criteria(raw: dict | None, flags: tuple[tuple[str, ...], dict[str, bool]]) -> dict:
    """Keep the form's criteria only (``flags``: their keys, and each one's flags with their
    defaults), each as its flags and a note."""
    keys, defaults = flags
    raw = raw or {}
    unknown = set(raw) - set(keys)
    if unknown:
        raise field_error(
            "assessment",
            _("Unknown criteria: %(names)s.") % {"names": ", ".join(sorted(unknown))},
        )
    result = {}
    for key in keys:
        answer = raw.get(key) or {}
        if not isinstance(answer, dict):
            raise field_error("assessment", _("Each criterion is an object."))
        result[key] = {
            **{flag: bool(answer.get(flag, default)) for flag, default in defaults.items()},
            "note": nfc(str(answer.get("note", ""))).strip(),
        }
    return result
