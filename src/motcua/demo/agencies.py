"""The demo agency tree and staff. Real Bắc Kạn/Thái Nguyên level-2/3 identifier codes were not
found (domain/README.md §14.3): the codes below follow the LLL.L3.L2.L1 pattern with the province
codes H03 (Bắc Kạn) and H55 (Thái Nguyên) and are numbered for the demo."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from motcua.agencies.models import Agency, AgencySuccession, Role, StaffRole, Unit
from motcua.demo import territory

L = Agency.Level

BACKAN_DEPARTMENTS = [
    ("VP UBND", "Văn phòng Ủy ban nhân dân tỉnh Bắc Kạn"),
    ("SNV", "Sở Nội vụ tỉnh Bắc Kạn"),
    ("STP", "Sở Tư pháp tỉnh Bắc Kạn"),
    ("SKHĐT", "Sở Kế hoạch và Đầu tư tỉnh Bắc Kạn"),
    ("STC", "Sở Tài chính tỉnh Bắc Kạn"),
    ("SCT", "Sở Công Thương tỉnh Bắc Kạn"),
    ("SNN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Kạn"),
    ("SGTVT", "Sở Giao thông vận tải tỉnh Bắc Kạn"),
    ("SXD", "Sở Xây dựng tỉnh Bắc Kạn"),
    ("STN&MT", "Sở Tài nguyên và Môi trường tỉnh Bắc Kạn"),
    ("STT&TT", "Sở Thông tin và Truyền thông tỉnh Bắc Kạn"),
    ("SLĐTB&XH", "Sở Lao động - Thương binh và Xã hội tỉnh Bắc Kạn"),
    ("SVHTT&DL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Bắc Kạn"),
    ("SKH&CN", "Sở Khoa học và Công nghệ tỉnh Bắc Kạn"),
    ("SGD&ĐT", "Sở Giáo dục và Đào tạo tỉnh Bắc Kạn"),
    ("SYT", "Sở Y tế tỉnh Bắc Kạn"),
    ("TTr", "Thanh tra tỉnh Bắc Kạn"),
    ("BDT", "Ban Dân tộc tỉnh Bắc Kạn"),
    ("BQL KCN", "Ban Quản lý các Khu công nghiệp tỉnh Bắc Kạn"),
]

THAI_NGUYEN_DEPARTMENTS = [
    ("VP UBND", "Văn phòng Ủy ban nhân dân tỉnh Thái Nguyên"),
    ("SNV", "Sở Nội vụ tỉnh Thái Nguyên"),
    ("STP", "Sở Tư pháp tỉnh Thái Nguyên"),
    ("STC", "Sở Tài chính tỉnh Thái Nguyên"),
    ("SCT", "Sở Công Thương tỉnh Thái Nguyên"),
    ("SNN&MT", "Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên"),
    ("SXD", "Sở Xây dựng tỉnh Thái Nguyên"),
    ("SKH&CN", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"),
    ("SVHTT&DL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thái Nguyên"),
    ("SGD&ĐT", "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên"),
    ("SYT", "Sở Y tế tỉnh Thái Nguyên"),
    ("SDT&TG", "Sở Dân tộc và Tôn giáo tỉnh Thái Nguyên"),
    ("TTr", "Thanh tra tỉnh Thái Nguyên"),
    ("BQL KCN", "Ban Quản lý các Khu công nghiệp tỉnh Thái Nguyên"),
]

# Which 2025 department took over each 2023 one (the July 2025 mergers of departments).
DEPARTMENT_SUCCESSORS = {
    "VP UBND": "VP UBND",
    "SNV": "SNV",
    "SLĐTB&XH": "SNV",
    "STP": "STP",
    "SKHĐT": "STC",
    "STC": "STC",
    "SCT": "SCT",
    "SNN&PTNT": "SNN&MT",
    "STN&MT": "SNN&MT",
    "SGTVT": "SXD",
    "SXD": "SXD",
    "STT&TT": "SKH&CN",
    "SKH&CN": "SKH&CN",
    "SVHTT&DL": "SVHTT&DL",
    "SGD&ĐT": "SGD&ĐT",
    "SYT": "SYT",
    "TTr": "TTr",
    "BDT": "SDT&TG",
    "BQL KCN": "BQL KCN",
}

DEMO_PASSWORD = "motcua-demo"  # noqa: S105 - demo accounts only, printed in the README

ROLE_LOGINS = {
    Role.ONE_STOP_OFFICER: "motcua",
    Role.SPECIALIST: "chuyenvien",
    Role.UNIT_LEADER: "truongphong",
    Role.AGENCY_LEADER: "lanhdao",
    Role.TTHC_CONTROLLER: "kiemsoat",
    Role.ADMINISTRATOR: "quantri",
}

STAFF_NAMES = [
    "Nguyễn Thị Hoa",
    "Hoàng Văn Minh",
    "Lường Thị Mai",
    "Nông Văn Thắng",
    "Ma Thị Hằng",
    "Triệu Văn Phúc",
    "Lý Thị Lan",
    "Hà Văn Dũng",
    "Đàm Thị Thu",
    "Bế Văn Hùng",
    "La Thị Ngọc",
    "Dương Văn Tùng",
    "Lục Thị Hương",
    "Vi Văn Nam",
    "Phùng Thị Yến",
    "Mã Văn Cường",
    "Hứa Thị Nga",
    "Lâm Văn Sơn",
]


@cache
def demo_password_hash() -> str:
    # Argon2 is slow on purpose; the demo accounts share one hash of the one demo password.
    return make_password(DEMO_PASSWORD)


def _agency(code: str, name: str, level: str, parent, **fields) -> Agency:
    # valid_to is left alone on update: a later reform (load_2026) is what ends an agency.
    valid_to = fields.pop("valid_to", None)
    agency, _ = Agency.objects.update_or_create(
        code=code,
        defaults={"name": name, "level": level, "parent": parent, **fields},
        create_defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "valid_to": valid_to,
            **fields,
        },
    )
    return agency


def _units(agency: Agency, names: list[tuple[str, str]]) -> dict[str, Unit]:
    out = {}
    for name, kind in names:
        out[kind] = Unit.objects.update_or_create(
            agency=agency, name=name, defaults={"kind": kind}
        )[0]
    return out


def _staff(
    prefix: str, agency: Agency, units: dict[str, Unit], names: list[str], **validity
) -> None:
    User = get_user_model()
    unit_for_role = {
        Role.ONE_STOP_OFFICER: Unit.Kind.ONE_STOP,
        Role.SPECIALIST: Unit.Kind.DIVISION,
        Role.UNIT_LEADER: Unit.Kind.DIVISION,
        Role.AGENCY_LEADER: Unit.Kind.LEADERSHIP,
        Role.TTHC_CONTROLLER: Unit.Kind.CLERICAL,
        Role.ADMINISTRATOR: Unit.Kind.CLERICAL,
    }
    for (role, login), full_name in zip(ROLE_LOGINS.items(), names, strict=False):
        user, _ = User.objects.get_or_create(
            username=f"{prefix}.{login}",
            defaults={
                "full_name": full_name,
                "kind": User.Kind.OFFICER,
                "is_staff": True,
                "password": demo_password_hash(),
            },
        )
        StaffRole.objects.update_or_create(
            user=user,
            agency=agency,
            role=role,
            defaults={"unit": units.get(unit_for_role[role])},
            create_defaults={"unit": units.get(unit_for_role[role]), **validity},
        )


def _staff_agencies(plans: list[tuple[str, Agency, list]], **validity) -> None:
    """Units and the six roles' staff for each (login prefix, agency, its divisions)."""
    for number, (prefix, agency, divisions) in enumerate(plans):
        units = _units(agency, [*STANDARD_UNITS, *divisions])
        names = [STAFF_NAMES[(number * 6 + i) % len(STAFF_NAMES)] for i in range(6)]
        _staff(prefix, agency, units, names, **validity)


STANDARD_UNITS = [
    ("Bộ phận Một cửa", Unit.Kind.ONE_STOP),
    ("Lãnh đạo", Unit.Kind.LEADERSHIP),
    ("Văn phòng", Unit.Kind.CLERICAL),
]


def load_2023() -> dict[str, Agency]:
    """Bắc Kạn as it stood in 2023: three tiers, nothing ended yet (the merger came in 2025)."""
    province_unit, districts, communes = territory.load_backan_2023()
    common = {"valid_from": None}
    province = _agency(
        "000.00.00.H03",
        "Ủy ban nhân dân tỉnh Bắc Kạn",
        L.PROVINCE,
        None,
        short_name="UBND tỉnh Bắc Kạn",
        territory=province_unit,
        address="Thành phố Bắc Kạn, tỉnh Bắc Kạn",
        **common,
    )
    by_short: dict[str, Agency] = {}
    for index, (short, name) in enumerate(BACKAN_DEPARTMENTS, start=1):
        by_short[short] = _agency(
            f"000.00.{index:02d}.H03",
            name,
            L.DEPARTMENT,
            province,
            short_name=short,
            territory=province_unit,
            address="Thành phố Bắc Kạn, tỉnh Bắc Kạn",
            **common,
        )
    by_short["TTPVHCC"] = _agency(
        "000.01.01.H03",
        "Trung tâm Phục vụ hành chính công tỉnh Bắc Kạn",
        L.CENTER,
        by_short["VP UBND"],
        short_name="TTPVHCC tỉnh",
        territory=province_unit,
        one_stop=True,
        address="Thành phố Bắc Kạn, tỉnh Bắc Kạn",
        **common,
    )
    for dindex, (dcode, district) in enumerate(sorted(districts.items()), start=31):
        dname = district.name.replace("Thành phố", "thành phố").replace("Huyện", "huyện")
        dagency = _agency(
            f"000.00.{dindex:02d}.H03",
            f"Ủy ban nhân dân {dname}",
            L.DISTRICT,
            province,
            short_name=f"UBND {dname}",
            territory=district,
            one_stop=True,
            address=f"{district.name}, tỉnh Bắc Kạn",
            **common,
        )
        by_short[dcode] = dagency
        for cindex, commune in enumerate(communes[dcode], start=1):
            cname = commune.name[0].lower() + commune.name[1:]
            _agency(
                f"000.{cindex:02d}.{dindex:02d}.H03",
                f"Ủy ban nhân dân {cname}",
                L.COMMUNE,
                dagency,
                short_name=f"UBND {cname}",
                territory=commune,
                one_stop=True,
                address=f"{commune.name}, {district.name}, tỉnh Bắc Kạn",
                **common,
            )

    staff_validity = {"valid_from": None}
    plans = [
        ("stp", by_short["STP"], [("Phòng Hành chính tư pháp", Unit.Kind.DIVISION)]),
        ("skhdt", by_short["SKHĐT"], [("Phòng Đăng ký kinh doanh", Unit.Kind.DIVISION)]),
        ("tpbk", by_short["058"], [("Phòng Tư pháp", Unit.Kind.DIVISION)]),
    ]
    _staff_agencies(plans, **staff_validity)
    return by_short


def load_2026(previous: dict[str, Agency] | None = None) -> dict[str, Agency]:
    """The same ground from 01/07/2025: part of Thái Nguyên, two tiers (province and commune)."""
    province_unit, units = territory.load_thai_nguyen_2025()
    start = territory.REFORM_DAY
    # Bắc Kạn's agencies and their staff roles end the day before the reform.
    Agency.objects.filter(code__endswith=".H03").update(valid_to=territory.LAST_OLD_DAY)
    StaffRole.objects.filter(agency__code__endswith=".H03").update(valid_to=territory.LAST_OLD_DAY)
    common = {"valid_from": start, "valid_to": None}
    province = _agency(
        "000.00.00.H55",
        "Ủy ban nhân dân tỉnh Thái Nguyên",
        L.PROVINCE,
        None,
        short_name="UBND tỉnh Thái Nguyên",
        territory=province_unit,
        address="18 đường Nha Trang, phường Phan Đình Phùng, tỉnh Thái Nguyên",
        **common,
    )
    by_short: dict[str, Agency] = {}
    for index, (short, name) in enumerate(THAI_NGUYEN_DEPARTMENTS, start=1):
        by_short[short] = _agency(
            f"000.00.{index:02d}.H55",
            name,
            L.DEPARTMENT,
            province,
            short_name=short,
            territory=province_unit,
            address="Tỉnh Thái Nguyên",
            **common,
        )
    by_short["TTPVHCC"] = _agency(
        "000.01.01.H55",
        "Trung tâm Phục vụ hành chính công tỉnh Thái Nguyên",
        L.CENTER,
        by_short["VP UBND"],
        short_name="TTPVHCC tỉnh",
        territory=province_unit,
        one_stop=True,
        address="Tỉnh Thái Nguyên",
        **common,
    )
    # Communes hang directly under the province now. Their index follows the full 92-unit list,
    # so codes stay stable whichever part of the province is loaded.
    communes = {}
    for index, unit in enumerate(units, start=1):
        if not unit.ex_bac_kan:
            continue
        cname = unit.name[0].lower() + unit.name[1:]
        communes[unit.code] = _agency(
            f"000.{index:02d}.50.H55",
            f"Ủy ban nhân dân {cname}",
            L.COMMUNE,
            province,
            short_name=f"UBND {cname}",
            territory=unit,
            one_stop=True,
            address=f"{unit.name}, tỉnh Thái Nguyên",
            **common,
        )

    if previous:
        document = "Nghị quyết 202/2025/QH15"
        AgencySuccession.objects.update_or_create(
            predecessor=Agency.objects.get(code="000.00.00.H03"),
            successor=province,
            defaults={
                "kind": AgencySuccession.Kind.MERGED,
                "effective_on": start,
                "document": document,
            },
        )
        for old_short, new_short in DEPARTMENT_SUCCESSORS.items():
            AgencySuccession.objects.update_or_create(
                predecessor=previous[old_short],
                successor=by_short[new_short],
                defaults={
                    "kind": AgencySuccession.Kind.MERGED,
                    "effective_on": start,
                    "document": document,
                },
            )
        for old in Agency.objects.filter(level=L.COMMUNE, code__endswith=".H03"):
            for new_unit in old.territory.successors.all():
                if new_unit.code in communes:
                    AgencySuccession.objects.update_or_create(
                        predecessor=old,
                        successor=communes[new_unit.code],
                        defaults={
                            "kind": AgencySuccession.Kind.MERGED,
                            "effective_on": start,
                            "document": "Nghị quyết 1683/NQ-UBTVQH15",
                        },
                    )

    plans = [
        ("tn.stp", by_short["STP"], [("Phòng Hành chính tư pháp", Unit.Kind.DIVISION)]),
        ("tn.stc", by_short["STC"], [("Phòng Đăng ký kinh doanh", Unit.Kind.DIVISION)]),
        ("pbk", communes["01843"], [("Phòng Văn hóa - Xã hội", Unit.Kind.DIVISION)]),
        ("tn.hcc", by_short["TTPVHCC"], [("Bộ phận tiếp nhận và trả kết quả", Unit.Kind.DIVISION)]),
    ]
    _staff_agencies(plans, valid_from=start, valid_to=None)
    return by_short


def ensure_superuser() -> None:
    User = get_user_model()
    User.objects.get_or_create(
        username="admin",
        defaults={
            "full_name": "Quản trị hệ thống",
            "is_staff": True,
            "is_superuser": True,
            "password": demo_password_hash(),
        },
    )
