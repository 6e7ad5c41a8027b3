"""The procedure catalog. A ``Procedure`` is the stable identity (its national code); what the law
says about it at a time is a ``ProcedureVersion`` with an effective period. The province changes its
list only through signed ``PublicationDecision``s, whose items create and end versions."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.spelling import words
from motcua.core.text import fold, nfc

# A legal document's number with its year: "39/2026/NĐ-CP", "27/2018/QH14", "01/2025/TT-BTP".
_DATED_NUMBER = re.compile(
    r"\b\d{1,4}/(?P<year>(?:19|20)\d\d)/\s?[A-ZĐ][A-ZĐ0-9]*(?:\s?-\s?[A-ZĐ0-9]+)*"
)

PROCEDURE_CODE = RegexValidator(
    r"^[1-9]\.\d{6}(\.H\d{2})?$",
    _("A procedure code has the form 1.001234, or 1.001234.H03 for a province's copy."),
    code="invalid_procedure_code",
)


class Channel(models.TextChoices):
    DIRECT = "direct", _("In person")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District (historical)")
    COMMUNE = "commune", _("Commune")
    VERTICAL = "vertical", _("Vertical sector")
    OTHER = "other", _("Other agency")


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=30, blank=True)
    folded = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded = fold(self.name)
        super().save(*args, **kwargs)


class Procedure(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "tthc", _("Administrative procedure")
        INTERNAL = "internal", _("Internal administrative procedure")

    code = models.CharField(_("code"), max_length=20, unique=True, validators=[PROCEDURE_CODE])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.code

    @property
    def national_code(self) -> str:
        return self.code[:8]


class ProcedureVersion(models.Model):
    """Everything a procedure record holds by law (domain/README.md §4.1), for a period."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (in a draft decision)")
        PUBLISHED = "published", _("Published")

    class Source(models.TextChoices):
        NATIONAL = "national", _("National database record")
        PROVINCE = "province", _("Published by the province")

    class Online(models.TextChoices):
        NONE = "none", _("Not online")
        PARTIAL = "partial", _("Partial online service")
        FULL = "full", _("Full-process online service")

    class Mechanism(models.TextChoices):
        ONE_STOP = "one_stop", _("One-stop")
        INTER_AGENCY = "inter_agency", _("Inter-agency one-stop")

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective to"), null=True, blank=True)

    name = models.TextField(_("name"))
    field = models.ForeignKey(Field, models.PROTECT, null=True, blank=True, verbose_name=_("field"))
    levels = models.CharField(
        _("levels"),
        max_length=100,
        blank=True,
        help_text=_("Comma-separated, e.g. ,province,commune,"),
    )
    procedure_type = models.CharField(_("type"), max_length=255, blank=True)
    subjects = models.TextField(_("who may submit"), blank=True)
    online = models.CharField(
        _("online service"), max_length=10, choices=Online.choices, default=Online.NONE
    )
    mechanism = models.CharField(
        _("mechanism"), max_length=20, choices=Mechanism.choices, default=Mechanism.ONE_STOP
    )
    boundary_independent = models.BooleanField(
        _("independent of administrative boundaries"), default=False
    )
    cutoff = models.TimeField(
        _("cut-off hour"),
        null=True,
        blank=True,
        help_text=_("Received after this hour: counted from the next working day."),
    )
    steps = models.TextField(_("steps"), blank=True)
    conditions = models.TextField(_("requirements and conditions"), blank=True)
    result = models.TextField(_("result"), blank=True)
    competent_agency = models.TextField(_("competent agency"), blank=True)
    implementing_agency = models.TextField(_("implementing agency"), blank=True)
    receiving_address = models.TextField(_("where to submit"), blank=True)
    delegated_agency = models.TextField(_("delegated agency"), blank=True)
    cooperating_agency = models.TextField(_("cooperating agency"), blank=True)
    related_procedures = models.TextField(_("related procedures"), blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    legal_basis_text = models.TextField(_("legal basis (as published)"), blank=True)
    documents_text = models.TextField(_("documents (as published)"), blank=True)
    national_decision = models.CharField(
        _("ministry's publication decision"), max_length=255, blank=True
    )
    centralised_system = models.CharField(
        _("nationally centralised system"),
        max_length=2,
        blank=True,
        validators=[RegexValidator(r"^\d{2}$", _("Two digits."), code="invalid")],
        help_text=_(
            "For a service run on a nationally centralised system: the two digits of its owner's "
            "identifier that dossier codes carry (Circular 04/2025/TT-VPCP). Empty otherwise."
        ),
    )
    change_note = models.TextField(_("what changed"), blank=True)
    agencies = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="procedure_versions",
        verbose_name=_("implementing agencies"),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    raw = models.JSONField(_("original record"), default=dict, blank=True)
    flags = models.JSONField(_("to review"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["procedure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="unique_version_number"),
            # Two published versions of the same track may not start on the same day.
            models.UniqueConstraint(
                fields=["procedure", "source", "effective_from"],
                condition=Q(status="published"),
                name="unique_version_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "source", "effective_from"], name="version_window"),
        ]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")

    # What the law says about the procedure (domain/README.md §4.1): copied from version to version
    # by decision items, shown by the API. Children (time limits, fees, documents) and the
    # implementing agencies travel separately.
    CONTENT_FIELDS = (
        "name",
        "field",
        "levels",
        "procedure_type",
        "subjects",
        "online",
        "mechanism",
        "boundary_independent",
        "cutoff",
        "steps",
        "conditions",
        "result",
        "competent_agency",
        "implementing_agency",
        "receiving_address",
        "delegated_agency",
        "cooperating_agency",
        "related_procedures",
        "legal_basis",
        "legal_basis_text",
        "documents_text",
        "national_decision",
        "centralised_system",
        "source_url",
    )

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} – {self.name[:80]}"

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level]

    def later_citations(self, on: dt.date | None = None) -> list[str]:
        """Legal documents the content cites that were issued after ``on`` (the version's first
        day by default), e.g. a 2023 version whose text came from a 2026 national record: the
        reader is warned rather than shown a law that did not yet exist."""
        on = on or self.effective_from
        if on is None:
            return []
        texts = [self.documents_text, self.legal_basis_text, self.steps, self.conditions]
        texts += [item.get("title", "") for item in self.legal_basis or []]
        texts += [f"{d.name} {d.form_name}" for d in self.documents.all()]
        found = []
        for match in _DATED_NUMBER.finditer(" ".join(texts)):
            number = re.sub(r"\s+", "", match.group(0))
            if int(match.group("year")) > on.year and number not in found:
                found.append(number)
        return found

    @property
    def level_labels(self) -> list[str]:
        labels = dict(Level.choices)
        return [str(labels.get(level, level)) for level in self.level_list]


class TimeLimit(models.Model):
    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("working days")
        DAYS = "days", _("days")
        HOURS = "hours", _("hours")
        MONTHS = "months", _("months")

    version = models.ForeignKey(ProcedureVersion, models.CASCADE, related_name="time_limits")
    channel = models.CharField(_("way of submitting"), max_length=10, choices=Channel.choices)
    sub_case = models.CharField(_("sub-case"), max_length=255, blank=True)
    value = models.DecimalField(
        _("time limit"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(
        _("unit"),
        max_length=15,
        choices=Unit.choices,
        blank=True,
        help_text=_("Empty when the published text gives no unit."),
    )
    text = models.CharField(_("as published"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("time limit")
        verbose_name_plural = _("time limits")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.value} {self.unit or ''}"


class Fee(models.Model):
    version = models.ForeignKey(ProcedureVersion, models.CASCADE, related_name="fees")
    channel = models.CharField(
        _("way of submitting"), max_length=10, choices=Channel.choices, blank=True
    )
    amount = models.BigIntegerField(
        _("amount (đồng)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=5, blank=True)
    text = models.TextField(_("as published"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return self.text or str(self.amount)


def form_upload_to(instance: RequiredDocument, filename: str) -> str:
    return f"catalog/forms/{instance.version.procedure.code}/v{instance.version.number}/{filename}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    version = models.ForeignKey(ProcedureVersion, models.CASCADE, related_name="documents")
    order = models.PositiveIntegerField(_("order"), default=0)
    group = models.CharField(_("sub-case"), max_length=500, blank=True)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    required = models.BooleanField(_("required"), default=True)
    form_name = models.CharField(_("form template"), max_length=255, blank=True)
    form_file = models.FileField(
        _("form file"),
        upload_to=form_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["doc", "docx", "pdf", "xls", "xlsx", "odt", "rtf"])],
        help_text=_("The official template people fill in (Word, PDF or spreadsheet)."),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name[:100]


class PublicationDecision(models.Model):
    """A signed decision of the province publishing changes to its procedure list."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    number = models.CharField(
        _("number"), max_length=100, unique=True, help_text=_("e.g. 878/QĐ-UBND")
    )
    title = models.TextField(_("title"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    issuer = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issuing agency"),
    )
    pdf = models.FileField(_("signed PDF"), upload_to="catalog/decisions/", blank=True)
    # What the document itself says, when the draft was read from it (or will be printed).
    dated_on = models.DateField(_("date on the document"), null=True, blank=True)
    authority = models.CharField(_("issuing authority (as printed)"), max_length=255, blank=True)
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    follow_up = models.JSONField(
        _("follow-up duties in the text"),
        default=list,
        blank=True,
        help_text=_("Read from the decision's articles: kind, days and unit of each duty."),
    )
    unresolved = models.JSONField(
        _("rows to resolve"),
        default=list,
        blank=True,
        help_text=_(
            "Annex rows that could not become items; the decision cannot be signed "
            "until each is resolved."
        ),
    )
    processes = models.JSONField(
        _("internal processes in the text"),
        default=list,
        blank=True,
        help_text=_("Approved with the decision: applied to each procedure when it is signed."),
    )
    source_document = models.FileField(
        _("source document"), upload_to="catalog/decisions/sources/%Y/", blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(_("recorded as signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("publication decision")
        verbose_name_plural = _("publication decisions")

    def __str__(self) -> str:
        return self.number


class DecisionItem(models.Model):
    class Action(models.TextChoices):
        NEW = "new", _("New")
        AMENDED = "amended", _("Amended or supplemented")
        REPLACED = "replaced", _("Replaced")
        ABOLISHED = "abolished", _("Abolished")
        STANDARDIZED = "standardized", _("Standardized")

    decision = models.ForeignKey(PublicationDecision, models.CASCADE, related_name="items")
    order = models.PositiveIntegerField(_("no."), default=0)
    action = models.CharField(_("action"), max_length=15, choices=Action.choices)
    procedure = models.ForeignKey(Procedure, models.PROTECT, related_name="decision_items")
    successor = models.ForeignKey(
        Procedure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replacing_items",
        verbose_name=_("replaced by"),
    )
    version = models.OneToOneField(
        ProcedureVersion,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_item",
        verbose_name=_("published content"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "procedure"], name="unique_item_procedure")
        ]
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")

    def __str__(self) -> str:
        return f"{self.decision.number} #{self.order} {self.get_action_display()} {self.procedure}"


class FollowUpDuty(models.Model):
    """What a signed decision obliges the agencies to do next, with a due date (domain §4.4)."""

    class Kind(models.TextChoices):
        PUBLISH = "publish", _("Enter the procedures in the national procedure database")
        SYNC = "sync", _("Sync the procedures from the national database to the provincial system")
        CONFIGURE = "configure", _("Configure the electronic process")
        INTERNAL_PROCESS = "internal_process", _("Draft the internal process for approval")
        ONLINE = "online", _("Integrate and test the online service on the national portal")

    decision = models.ForeignKey(PublicationDecision, models.CASCADE, related_name="duties")
    kind = models.CharField(_("duty"), max_length=20, choices=Kind.choices)
    due_at = models.DateTimeField(_("due"))
    calendar_version = models.CharField(_("calendar version"), max_length=32)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["decision", "due_at"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "kind"], name="unique_duty_kind")
        ]
        verbose_name = _("follow-up duty")
        verbose_name_plural = _("follow-up duties")

    def __str__(self) -> str:
        return f"{self.decision.number}: {self.get_kind_display()}"

    @property
    def is_late(self) -> bool:
        """Done after its due moment, or still open past it."""
        from django.utils import timezone

        return (self.done_at or timezone.now()) > self.due_at


class InternalProcess(models.Model):
    """Quy trình nội bộ: the approved steps an agency follows for a procedure (domain §4.5)."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="internal_processes")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="internal_processes")
    channel = models.CharField(
        _("way of submitting"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
        help_text=_("Empty: every way of submitting."),
    )
    number = models.PositiveIntegerField(_("version"), default=1)
    approval_decision = models.CharField(_("approved by decision"), max_length=100, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["procedure", "agency", "channel", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "channel", "number"], name="unique_process_version"
            )
        ]
        verbose_name = _("internal process")
        verbose_name_plural = _("internal processes")

    def __str__(self) -> str:
        return f"{self.procedure.code} – {self.agency} (v{self.number})"


class ProcessStep(models.Model):
    process = models.ForeignKey(InternalProcess, models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("step"))
    agency = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency (inter-agency segment)"),
        help_text=_("Empty: the process's own agency."),
    )
    actor = models.CharField(_("unit or person"), max_length=255)
    role = models.CharField(_("role"), max_length=30, blank=True)
    action = models.TextField(_("work to do"))
    output = models.CharField(_("form or output"), max_length=255, blank=True)
    days = models.DecimalField(
        _("working days"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    hours = models.DecimalField(
        _("working hours"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    counted = models.BooleanField(_("counted in the time limit"), default=True)

    class Meta:
        ordering = ["process", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="unique_step_order")
        ]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")

    def __str__(self) -> str:
        return f"{self.order}. {self.action[:60]}"


class ProcessSegment(models.Model):
    """Steps that share one time budget: an inter-agency stretch such as the provincial office's
    steps 6–13 "07 ngày làm việc" together. Its steps may give no time of their own; those that
    do stay within the budget; every step of the stretch is due when the budget runs out."""

    process = models.ForeignKey(InternalProcess, models.CASCADE, related_name="segments")
    first = models.PositiveIntegerField(_("from step"))
    last = models.PositiveIntegerField(_("to step"))
    days = models.DecimalField(
        _("working days"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    actor = models.CharField(_("unit"), max_length=255, blank=True)

    class Meta:
        ordering = ["process", "first"]
        constraints = [
            models.CheckConstraint(condition=Q(last__gte=F("first")), name="segment_in_order")
        ]
        verbose_name = _("shared time budget")
        verbose_name_plural = _("shared time budgets")

    def __str__(self) -> str:
        return f"{self.first}–{self.last}: {self.days}"


class SearchSynonym(models.Model):
    """How people say it, and how the catalog says it: "sổ đỏ" is "giấy chứng nhận quyền sử dụng
    đất", "gpxd" is "giấy phép xây dựng". The control office keeps the table; a search reads a
    query's phrase as the catalog's words (the phrase's own words still count, a little)."""

    phrase = models.CharField(
        _("people say"), max_length=100, unique=True, help_text=_("e.g. sổ đỏ, gpxd, mở công ty")
    )
    means = models.CharField(
        _("the catalog says"),
        max_length=255,
        help_text=_("e.g. giấy chứng nhận quyền sử dụng đất"),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return f"{self.phrase} → {self.means}"

    def clean(self) -> None:
        self.phrase, self.means = nfc(self.phrase), nfc(self.means)
        errors = {}
        for name in ("phrase", "means"):
            if not words(getattr(self, name)):
                errors[name] = _("Write at least one word (letters or digits).")
        if not errors and words(self.phrase) == words(self.means):
            errors["means"] = _("Say it in the catalog's words: this is the same phrase.")
        folded = words(self.phrase)
        others = SearchSynonym.objects.exclude(pk=self.pk).values_list("phrase", flat=True)
        if not errors and any(words(other) == folded for other in others):
            errors["phrase"] = _("This phrase is already in the table (perhaps written otherwise).")
        if errors:
            raise ValidationError(errors)


class ImportJob(models.Model):
    """An upload of national records, imported in the background: the page shows its progress
    and, at the end, the parse report."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=State, default=State.QUEUED)
    total_lines = models.PositiveIntegerField(_("lines"), default=0)
    done_lines = models.PositiveIntegerField(_("lines read"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    report = models.TextField(_("parse report"), blank=True)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of national records")
        verbose_name_plural = _("imports of national records")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total_lines:
            return 0
        return min(99, self.done_lines * 100 // self.total_lines)

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
