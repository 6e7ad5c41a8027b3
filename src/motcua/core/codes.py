"""Dossier codes (mã số hồ sơ), domain/README.md §2.8.

* General format (TT 01/2018/TT-VPCP Art. 19; assumed unchanged by TT 03/2025 Art. 13):
  ``<agency identifier>-YYMMDD-nnnn`` — e.g. ``000.00.14.H56-200203-0118``.
* Nationally centralised services (TT 04/2025/TT-VPCP, from 25/01/2026):
  ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAnnnn`` — ``AA`` from the system owner's code, a sequence of at least
  four digits that may grow.

Codes are stored as free strings; the sequence may outgrow four digits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_GENERAL = re.compile(
    r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(?P<date>\d{6})-(?P<sequence>\d{4,})$"
)
# The deciding agency's identifier in either shape: a ministry system's (G12.345.67) or a
# province's (000.00.10.H03). With a province's, the code reads as a general one whose sequence
# begins with AA: the two are told apart by the procedure, not by the text.
_CENTRALISED = re.compile(
    r"^(?P<agency>[A-Z]\d{2}\.\d{3}\.\d{2}|\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})"
    r"-(?P<date>\d{6})-(?P<system>\d{2})(?P<sequence>\d{4,})$"
)


class InvalidDossierCode(ValueError):
    code = "invalid_dossier_code"


@dataclass(frozen=True)
class DossierCode:
    agency: str
    received_on: dt.date
    sequence: int
    system: str | None = None  # AA of a centralised-service code

    def __str__(self) -> str:
        return format_dossier_code(self.agency, self.received_on, self.sequence, self.system)


def parse_dossier_code(code: str, *, centralised: bool = False) -> DossierCode:
    """``centralised``: the code is known to be a centralised service's (AA before the
    sequence)."""
    text = code.strip()
    match = (
        _CENTRALISED.match(text)
        if centralised
        else (_GENERAL.match(text) or _CENTRALISED.match(text))
    )
    if match is None:
        raise InvalidDossierCode(f"not a dossier code: {code!r}")
    raw = match["date"]
    try:
        received = dt.date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError as err:
        raise InvalidDossierCode(f"impossible date in dossier code: {code!r}") from err
    return DossierCode(
        agency=match["agency"],
        received_on=received,
        sequence=int(match["sequence"]),
        system=match.groupdict().get("system"),
    )


def format_dossier_code(
    agency: str, received_on: dt.date, sequence: int, system: str | None = None
) -> str:
    if sequence < 1:
        raise InvalidDossierCode("a sequence starts at 1")
    prefix = system or ""
    return f"{agency}-{received_on:%y%m%d}-{prefix}{sequence:04d}"
