"""The registry of legal regimes for the one-stop mechanism.

The regime, its forms, the dossier-code format and the territory changed on 1 July 2025
(domain/README.md §1, §2.3, §2.8). Code asks ``regime_on(day)`` with the date that matters (a dossier's
receipt date, a report's period) and never compares against a hard-coded date itself.
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


class NoRegime(LookupError):
    pass


def regime_on(day: dt.date) -> Regime:
    """The one-stop regime in force on ``day``."""
    for regime in REGIMES:
        if regime.in_force_on(day):
            return regime
    raise NoRegime(f"no one-stop regime registered for {day.isoformat()}")
