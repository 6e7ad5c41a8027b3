"""The registry of legal regimes for the one-stop mechanism, and of the circulars whose forms
the one-stop desks print.

The regime, its forms, the dossier-code format and the territory changed on 1 July 2025
(domain/README.md §1, §2.3, §2.8). Code asks ``regime_on(day)`` with the date that matters (a dossier's
receipt date, a report's period) and never compares against a hard-coded date itself.

The forms are not the decree's but its guiding circular's, and a circular takes effect on its own
day: Decree 61/2018 from 21/06/2018, its forms (Circular 01/2018/TT-VPCP) only from 06/01/2019;
Decree 118/2025 from 01/07/2025, its forms (Circular 03/2025/TT-VPCP, of 15/09/2025) from the day
the circular took effect. ``forms_on(day)`` gives the set in force on a receipt day: until a new
circular takes effect the previous set stays in use (the transitional reading motcua applies, as
provinces did); before the first registered circular no form is prescribed by number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FormSpec:
    number: str  # as printed: "Mẫu số 01"
    title: str


@dataclass(frozen=True)
class Regime:
    key: str
    name: str
    effective_from: dt.date
    effective_to: dt.date | None  # inclusive; None = still in force
    decree: str
    circular: str
    forms: dict[str, FormSpec] = field(default_factory=dict)
    # Where the dossier-code format is laid down (motcua.core.codes reads and writes it).
    dossier_code_article: str = ""
    # Whether the territory still has a district tier.
    district_level: bool = True

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


DECREE_61_2018 = Regime(
    key="nd61-2018",
    name="Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP)",
    effective_from=dt.date(2018, 6, 21),
    effective_to=dt.date(2025, 6, 30),
    decree="61/2018/NĐ-CP",
    circular="01/2018/TT-VPCP",
    forms={
        "receipt": FormSpec("Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "supplement": FormSpec("Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": FormSpec("Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "apology": FormSpec("Mẫu số 04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        "control": FormSpec("Mẫu số 05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "tracking_book": FormSpec("Mẫu số 06", "Sổ theo dõi hồ sơ"),
    },
    dossier_code_article="Điều 19 Thông tư 01/2018/TT-VPCP",
    district_level=True,
)

DECREE_118_2025 = Regime(
    key="nd118-2025",
    name="Nghị định 118/2025/NĐ-CP",
    effective_from=dt.date(2025, 7, 1),
    effective_to=None,
    decree="118/2025/NĐ-CP",
    circular="03/2025/TT-VPCP",
    forms={
        "receipt": FormSpec("Mẫu số 01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        "supplement": FormSpec("Mẫu số 02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        "refusal": FormSpec("Mẫu số 03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        "apology": FormSpec("Mẫu số 04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        "stop": FormSpec("Mẫu số 05", "Thông báo dừng giải quyết hồ sơ"),
        "control": FormSpec("Mẫu số 06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        "tracking_book": FormSpec("Mẫu số 07", "Sổ theo dõi hồ sơ"),
    },
    dossier_code_article="Điều 13 Thông tư 03/2025/TT-VPCP",
    district_level=False,
)

REGIMES: tuple[Regime, ...] = (DECREE_61_2018, DECREE_118_2025)


@dataclass(frozen=True)
class FormSet:
    """The forms a circular prescribes, from the day it took effect."""

    circular: str
    issued_on: dt.date
    effective_from: dt.date
    source: str
    confirmed: bool  # the effective date read in the text; False: assumed, set in settings
    forms: dict[str, FormSpec] = field(default_factory=dict)
    # Paper per form ("A5", "A4"); the slips not named use "default".
    paper: dict[str, str] = field(default_factory=dict)

    def paper_for(self, kind: str) -> str:
        return self.paper.get(kind, self.paper.get("default", "A4"))


CIRCULAR_01_2018 = FormSet(
    circular="01/2018/TT-VPCP",
    issued_on=dt.date(2018, 11, 23),
    effective_from=dt.date(2019, 1, 6),
    source="Thông tư 01/2018/TT-VPCP, điều khoản thi hành: hiệu lực từ 06/01/2019 (lawnet.vn)",
    confirmed=True,
    forms=DECREE_61_2018.forms,
    # "designed for electronic use and printing on A5, except the tracking book on A4"
    paper={"default": "A5", "tracking_book": "A4"},
)

CIRCULAR_03_2025 = FormSet(
    circular="03/2025/TT-VPCP",
    issued_on=dt.date(2025, 9, 15),
    # Its effective-date article was not available to us: assumed the day of issue, the
    # earliest it can be; a deployment sets the day the text gives (MOTCUA_FORMS_EFFECTIVE).
    effective_from=dt.date(2025, 9, 15),
    source="Thông tư 03/2025/TT-VPCP ngày 15/09/2025, Phụ lục I (7 mẫu); ngày hiệu lực chưa "
    "đối chiếu văn bản — cấu hình được",
    confirmed=False,
    forms=DECREE_118_2025.forms,
    # Paper sizes of the 2025 forms unconfirmed: those of Circular 01/2018 kept.
    paper={"default": "A5", "tracking_book": "A4"},
)

FORM_SETS: tuple[FormSet, ...] = (CIRCULAR_01_2018, CIRCULAR_03_2025)


def _effective(form_set: FormSet, overrides: dict[str, str]) -> dt.date:
    day = overrides.get(form_set.circular)
    return dt.date.fromisoformat(day) if day else form_set.effective_from


def forms_on(day: dt.date, overrides: dict[str, str] | None = None) -> FormSet | None:
    """The form set in force on ``day`` (a receipt day): the latest circular already in effect;
    None before the first. ``overrides`` maps a circular to the effective day a deployment
    read in its text (settings.MOTCUA_FORMS_EFFECTIVE)."""
    overrides = overrides or {}
    found = None
    for form_set in sorted(FORM_SETS, key=lambda f: _effective(f, overrides)):
        if _effective(form_set, overrides) <= day:
            found = form_set
    return found


@dataclass(frozen=True)
class RuleChange:
    """A rule that starts on a day of its own, with the text that starts it."""

    document: str
    issued_on: dt.date
    effective_from: dt.date
    source: str

    def in_force_on(self, day: dt.date) -> bool:
        return day >= self.effective_from


# Dossier codes of nationally centralised services (adds Art. 13(3) to Circular 03/2025):
# ``<deciding agency's identifier>-YYMMDD-AAnnnn`` (core.codes).
CENTRALISED_DOSSIER_CODES = RuleChange(
    document="04/2025/TT-VPCP",
    issued_on=dt.date(2025, 12, 8),
    effective_from=dt.date(2026, 1, 25),
    source="Thông tư 04/2025/TT-VPCP ngày 08/12/2025, hiệu lực từ 25/01/2026 (domain §2.8)",
)


class NoRegime(LookupError):
    pass


def regime_on(day: dt.date) -> Regime:
    """The one-stop regime in force on ``day``."""
    for regime in REGIMES:
        if regime.in_force_on(day):
            return regime
    raise NoRegime(f"no one-stop regime registered for {day.isoformat()}")
