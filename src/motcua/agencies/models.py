"""Territory and the agency tree. Hierarchy is data: the 2025 reform merged provinces and removed the
district level, so nothing here assumes a fixed number of tiers. Places and agencies carry validity
windows and successor links; an old code is never read as a new place."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import ValidityMixin, ValidityQuerySet

AGENCY_CODE = RegexValidator(
    r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$",
    _("An identifier code has the form LLL.L3.L2.L1, e.g. 000.00.00.H03."),
    code="invalid_agency_code",
)


class AdministrativeUnit(ValidityMixin):
    """A province, district or commune as it existed in a period. Codes are reused by new units
    for other places (01843 was Phùng Chí Kiên ward, then Bắc Kạn ward), so a code is unique only
    together with its validity start."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("Centrally-run city")
        PROVINCIAL_CITY = "provincial_city", _("Provincial city")
        DISTRICT = "district", _("District")
        TOWN = "town", _("District-level town")
        WARD = "ward", _("Ward")
        COMMUNE = "commune", _("Commune")
        TOWNSHIP = "township", _("Township")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unique_unit_code_period")
        ]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self) -> str:
        return self.name

    @property
    def is_district_level(self) -> bool:
        return self.kind in {self.Kind.DISTRICT, self.Kind.TOWN, self.Kind.PROVINCIAL_CITY}


class UnitSuccession(models.Model):
    class Relation(models.TextChoices):
        WHOLE = "whole", _("Merged whole")
        PARTIAL = "partial", _("Part of it")

    predecessor = models.ForeignKey(AdministrativeUnit, models.CASCADE, related_name="+")
    successor = models.ForeignKey(AdministrativeUnit, models.CASCADE, related_name="+")
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.WHOLE)
    effective_on = models.DateField(_("effective on"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_unit_succession"
            )
        ]
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Agency(ValidityMixin):
    """A state agency that receives or decides on procedures, identified by its electronic
    identifier code (mã định danh, Decision 20/2020/QĐ-TTg)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provincial people's committee")
        DEPARTMENT = "department", _("Department-level agency")
        CENTER = "center", _("Public administration service centre")
        DISTRICT = "district", _("District-level people's committee")
        COMMUNE = "commune", _("Commune-level people's committee")
        VERTICAL = "vertical", _("Vertical-sector agency")
        OTHER = "other", _("Other")

    code = models.CharField(
        _("identifier code"), max_length=20, unique=True, validators=[AGENCY_CODE]
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    territory = models.ForeignKey(
        AdministrativeUnit,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("territory served"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_schedule = models.ForeignKey(
        "workdays.OfficeSchedule",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("office hours"),
        help_text=_("Empty: the default office hours."),
    )
    one_stop = models.BooleanField(
        _("has a one-stop desk"),
        default=False,
        help_text=_("Receives and returns dossiers (Bộ phận Một cửa)."),
    )
    successors = models.ManyToManyField(
        "self",
        through="AgencySuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    @property
    def top_code(self) -> str:
        """L1 of the identifier code: the province (Hnn) or ministry."""
        return self.code.rsplit(".", 1)[-1]


class AgencySuccession(models.Model):
    class Kind(models.TextChoices):
        MERGED = "merged", _("Merged into")
        RENAMED = "renamed", _("Renamed")
        SPLIT = "split", _("Split into")
        REORGANIZED = "reorganized", _("Reorganized")

    predecessor = models.ForeignKey(Agency, models.CASCADE, related_name="+")
    successor = models.ForeignKey(Agency, models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective on"))
    document = models.CharField(_("document"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unique_agency_succession"
            )
        ]
        verbose_name = _("agency succession")
        verbose_name_plural = _("agency successions")

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Unit(models.Model):
    """A unit inside an agency (phòng, bộ phận), e.g. its one-stop desk or a specialist division."""

    class Kind(models.TextChoices):
        ONE_STOP = "one_stop", _("One-stop desk")
        DIVISION = "division", _("Specialist division")
        LEADERSHIP = "leadership", _("Leadership")
        CLERICAL = "clerical", _("Clerical office")

    agency = models.ForeignKey(Agency, models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)

    class Meta:
        ordering = ["agency", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unique_unit_name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.short_name or self.agency.name}"


class Role(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    TTHC_CONTROLLER = "tthc_controller", _("TTHC controller")
    ADMINISTRATOR = "administrator", _("Administrator")


class StaffRole(ValidityMixin):
    """A person's role in an agency (optionally in one of its units), for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="staff_roles")
    unit = models.ForeignKey(
        Unit, models.SET_NULL, null=True, blank=True, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_staff_role")
        ]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency}"
