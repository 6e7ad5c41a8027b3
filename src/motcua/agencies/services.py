"""Writes to the territory and the agency tree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from motcua.agencies.models import AdministrativeUnit
from motcua.core.regimes import DECREE_118_2025

K = AdministrativeUnit.Kind
# vietnam-provinces' division types (post-2025 data) to our kinds.
DIVISION_KINDS = {
    "tỉnh": K.PROVINCE,
    "thành phố trung ương": K.CITY,
    "phường": K.WARD,
    "xã": K.COMMUNE,
    "đặc khu": K.SPECIAL_ZONE,
}


@transaction.atomic
def load_units_from_package(
    province_codes: Iterable[int] | None = None,
    valid_from: dt.date = DECREE_118_2025.effective_from,
) -> tuple[int, int]:
    """Load provinces and their commune-level units from the ``vietnam-provinces`` package (the
    two-tier territory in force from 01/07/2025). Idempotent; returns (provinces, communes)."""
    from vietnam_provinces import Province, Ward

    wanted = set(province_codes or [])
    provinces = communes = 0
    for province in Province.iter_all():
        if wanted and int(province.code) not in wanted:
            continue
        parent, _ = AdministrativeUnit.objects.update_or_create(
            code=f"{int(province.code):02d}",
            valid_from=valid_from,
            defaults={
                "name": _with_prefix(province.name, province.division_type.value),
                "kind": DIVISION_KINDS.get(province.division_type.value, K.PROVINCE),
                "parent": None,
            },
        )
        provinces += 1
        for ward in Ward.iter_by_province(province.code):
            AdministrativeUnit.objects.update_or_create(
                code=f"{int(ward.code):05d}",
                valid_from=valid_from,
                defaults={
                    "name": ward.name,
                    "kind": DIVISION_KINDS.get(ward.division_type.value, K.COMMUNE),
                    "parent": parent,
                },
            )
            communes += 1
    return provinces, communes


def _with_prefix(name: str, division: str) -> str:
    prefix = "Thành phố" if division.startswith("thành phố") else "Tỉnh"
    return name if name.startswith(prefix) else f"{prefix} {name}"
