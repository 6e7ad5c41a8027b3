"""The demo territory: Bắc Kạn as it stood in 2023 and (optionally) the same ground inside Thái
Nguyên after the reform of 1 July 2025, from the reference files copied into ``agencies/data``."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from motcua.agencies.models import AdministrativeUnit, UnitSuccession
from motcua.core.regimes import DECREE_118_2025

DATA = Path(__file__).resolve().parent.parent / "agencies" / "data"
PRE_2025 = DATA / "backan_pre_2025-07_from_vietnam-provinces-0.6.0.csv"
POST_2025 = DATA / "thai_nguyen_post_2025-07_from_vietnam-provinces-2025.10.1.csv"
OLD_TO_NEW = DATA / "backan_old_to_new_2025-07_from_vietnamadminunits-1.0.4.csv"

REFORM_DAY = DECREE_118_2025.effective_from  # the two-tier territory starts with the new regime
LAST_OLD_DAY = REFORM_DAY - dt.timedelta(days=1)

K = AdministrativeUnit.Kind
# The source package's *_type columns are wrong: the type is read from the name's prefix.
PREFIXES = [
    ("Thành Phố ", K.PROVINCIAL_CITY),
    ("Thành phố ", K.PROVINCIAL_CITY),
    ("Thị xã ", K.TOWN),
    ("Huyện ", K.DISTRICT),
    ("Phường ", K.WARD),
    ("Thị trấn ", K.TOWNSHIP),
    ("Xã ", K.COMMUNE),
]


def kind_of(name: str) -> str:
    for prefix, kind in PREFIXES:
        if name.startswith(prefix):
            return kind
    raise ValueError(f"cannot tell the kind of unit {name!r}")


def tidy(name: str) -> str:
    return name.replace("Thành Phố", "Thành phố")


def _unit(code: str, name: str, kind: str, parent, valid_from) -> AdministrativeUnit:
    # The end of validity is not touched here: it is set by the reform that ends a unit.
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=code,
        valid_from=valid_from,
        defaults={"name": name, "kind": kind, "parent": parent},
    )
    return unit


def load_backan_2023() -> tuple[AdministrativeUnit, dict[str, AdministrativeUnit], dict]:
    """Province 06, its 8 district-level units and 108 communes, as they stood in 2023."""
    province = _unit("06", "Tỉnh Bắc Kạn", K.PROVINCE, None, None)
    districts: dict[str, AdministrativeUnit] = {}
    communes: dict[str, list[AdministrativeUnit]] = {}
    with PRE_2025.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            dcode = f"{int(row['district_code']):03d}"
            if dcode not in districts:
                name = tidy(row["district_name"])
                districts[dcode] = _unit(dcode, name, kind_of(name), province, None)
            wname = row["ward_name"]
            ward = _unit(
                f"{int(row['ward_code']):05d}",
                wname,
                kind_of(wname),
                districts[dcode],
                None,
            )
            communes.setdefault(dcode, []).append(ward)
    return province, districts, communes


def load_thai_nguyen_2025() -> tuple[AdministrativeUnit, list[AdministrativeUnit]]:
    """Thái Nguyên from 01/07/2025 (92 commune-level units) and the old→new links of Bắc Kạn's,
    whose units end on 30/06/2025."""
    old_province = AdministrativeUnit.objects.get(code="06", valid_from=None)
    AdministrativeUnit.objects.filter(pk=old_province.pk).update(valid_to=LAST_OLD_DAY)
    AdministrativeUnit.objects.filter(parent=old_province).update(valid_to=LAST_OLD_DAY)
    AdministrativeUnit.objects.filter(parent__parent=old_province).update(valid_to=LAST_OLD_DAY)
    province = _unit("19", "Tỉnh Thái Nguyên", K.PROVINCE, None, REFORM_DAY)
    units = []
    with POST_2025.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            unit = _unit(
                f"{int(row['ward_code']):05d}",
                row["ward_name"],
                kind_of(row["ward_name"]),
                province,
                REFORM_DAY,
            )
            unit.ex_bac_kan = row["ex_bac_kan_by_code_range"] == "yes"
            units.append(unit)
    by_code = {u.code: u for u in units}
    with OLD_TO_NEW.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            old = AdministrativeUnit.objects.get(code=row["old_ward_code"], valid_from=None)
            new = by_code[row["new_ward_code"]]
            UnitSuccession.objects.update_or_create(
                predecessor=old,
                successor=new,
                defaults={"relation": row["relation"], "effective_on": REFORM_DAY},
            )
    return province, units
