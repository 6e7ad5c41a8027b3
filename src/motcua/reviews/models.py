"""Review and simplification of procedures (domain/README.md §5) and control of procedures in
draft regulations (§6).

A year's ``ReviewPlan`` assigns procedures or fields to agencies; an agency files one ``Review`` per
procedure on the standard form, with typed ``Recommendation``s; recommendations are gathered into a
``SimplificationPlan`` approved by a decision, after which they change only as new revisions. A
``DraftRegulation`` lists the procedures it would create, change or abolish, each assessed on the
impact-assessment form (``DraftProcedure``) and answered by the control office.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.reviews.cost import Saving

NON_NEGATIVE = [MinValueValidator(0)]


class CostParameters(models.Model):
    """The yearly values that turn hours into đồng (§5.1), with where they come from."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    hourly_income = models.PositiveIntegerField(
        _("income per hour (đồng)"), help_text=_("Average income per hour of the people concerned.")
    )
    hours_per_day = models.DecimalField(
        _("hours per working day"), max_digits=4, decimal_places=2, default=Decimal(8)
    )
    source = models.TextField(
        _("source"), help_text=_("The document or statistic these come from.")
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("compliance-cost parameters")
        verbose_name_plural = _("compliance-cost parameters")

    def __str__(self) -> str:
        return f"{self.year}: {self.hourly_income:,} đ/giờ × {self.hours_per_day} giờ/ngày"


class ReviewPlan(models.Model):
    """Kế hoạch rà soát, đánh giá TTHC: the year's plan and what each agency must review."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    title = models.TextField(_("title"))
    issuer = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    deadline = models.DateField(_("reviews due"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-issued_on"]
        verbose_name = _("review plan")
        verbose_name_plural = _("review plans")

    def __str__(self) -> str:
        return f"{self.number} – {self.title[:80]}"


class Assignment(models.Model):
    """One line of a plan: an agency reviews a procedure, or every procedure of a field."""

    plan = models.ForeignKey(ReviewPlan, models.CASCADE, related_name="assignments")
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="review_assignments")
    procedure = models.ForeignKey(
        "catalog.Procedure", models.PROTECT, null=True, blank=True, related_name="+"
    )
    field = models.ForeignKey(
        "catalog.Field", models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("due"), null=True, blank=True, help_text=_("Empty: the plan's."))

    class Meta:
        ordering = ["plan", "agency", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(procedure__isnull=False) | Q(field__isnull=False),
                name="assignment_names_something",
            ),
        ]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")

    def __str__(self) -> str:
        return f"{self.agency} – {self.procedure or self.field}"

    @property
    def due(self):
        return self.deadline or self.plan.deadline


# The parts of a procedure the standard review form asks about (§5; TT 02/2017/TT-VPCP annexes).
CRITERIA = (
    ("name", _("Name of the procedure")),
    ("steps", _("Steps")),
    ("method", _("Ways of submitting")),
    ("documents", _("Dossier components")),
    ("time_limit", _("Time limit")),
    ("subjects", _("Who may submit")),
    ("agency", _("Deciding agency")),
    ("result", _("Result")),
    ("conditions", _("Requirements and conditions")),
    ("fees", _("Fees and charges")),
)
CRITERION_KEYS = tuple(key for key, _label in CRITERIA)


class CostBasis(models.TextChoices):
    """What a compliance cost counts: a year of dossiers, or one dossier when the year had none
    (the practice of the 2025 provincial decisions; reviews.cost)."""

    ANNUAL = "annual", _("a year (cost per dossier × dossiers a year)")
    PER_DOSSIER = "per_dossier", _("per dossier (no dossier in the year)")


class Review(models.Model):
    """One agency's review of one procedure: the standard form and its cost figures."""

    plan = models.ForeignKey(
        ReviewPlan, models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="reviews")
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        models.PROTECT,
        related_name="+",
        verbose_name=_("version reviewed"),
    )
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    necessary = models.BooleanField(_("still necessary"), default=True)
    necessity_note = models.TextField(_("why"), blank=True)
    # {criterion: {"reasonable": bool, "lawful": bool, "note": str}} for CRITERION_KEYS.
    assessment = models.JSONField(_("assessment"), default=dict, blank=True)
    # Cost inputs (§5.1), per execution; the statutory time comes from the version.
    working_days = models.DecimalField(
        _("time limit (working days)"), max_digits=7, decimal_places=2, validators=NON_NEGATIVE
    )
    preparation_hours = models.DecimalField(
        _("hours to prepare, travel and wait"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    fees = models.BigIntegerField(_("fees and charges (đồng)"), default=0, validators=NON_NEGATIVE)
    other_costs = models.BigIntegerField(
        _("other costs (đồng)"), default=0, validators=NON_NEGATIVE
    )
    dossiers_per_year = models.PositiveIntegerField(_("dossiers a year"))
    dossiers_counted = models.BooleanField(
        _("counted from the dossiers received"),
        default=False,
        help_text=_("Off: typed by the reviewer (no dossiers were received)."),
    )
    parameters = models.ForeignKey(
        CostParameters, models.PROTECT, related_name="+", verbose_name=_("cost parameters")
    )
    cost_basis = models.CharField(
        _("cost basis"), max_length=12, choices=CostBasis.choices, default=CostBasis.ANNUAL
    )
    cost_before = models.BigIntegerField(_("compliance cost before (đồng/year)"), default=0)
    cost_after = models.BigIntegerField(_("compliance cost after (đồng/year)"), default=0)
    days_after = models.DecimalField(
        _("time limit after (working days)"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "procedure"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "procedure", "agency"], name="one_review_per_plan_procedure"
            ),
        ]
        indexes = [models.Index(fields=["reviewed_on"], name="review_day")]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.procedure.code} – {self.agency} ({self.reviewed_on:%d/%m/%Y})"

    @property
    def saving(self) -> int:
        return self.cost_before - self.cost_after

    @property
    def saving_percent(self) -> Decimal:
        return Saving(self.cost_before, self.cost_after).percent


class SimplificationPlan(models.Model):
    """Phương án đơn giản hóa: recommendations gathered for approval by one decision."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.TextField(_("title"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    decision_number = models.CharField(
        _("approving decision"), max_length=50, blank=True, db_index=True
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    signer = models.CharField(_("signer"), max_length=255, blank=True)
    sent_to = models.TextField(
        _("sent to"), blank=True, help_text=_("The ministries and agencies the plan is sent to.")
    )
    roadmap = models.CharField(_("roadmap"), max_length=255, blank=True)
    approved_at = models.DateTimeField(_("recorded as approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision_number"],
                condition=~Q(decision_number=""),
                name="one_plan_per_decision",
            ),
        ]
        verbose_name = _("simplification plan")
        verbose_name_plural = _("simplification plans")

    def __str__(self) -> str:
        return self.decision_number or self.title[:80]


class Recommendation(models.Model):
    """A typed proposal to simplify a procedure, with the value it proposes."""

    class Kind(models.TextChoices):
        DECENTRALIZE = "decentralize", _("Decentralize the authority")
        SHORTEN_TIME = "shorten_time", _("Shorten the time limit")
        CUT_STEPS = "cut_steps", _("Cut steps")
        CUT_DOCUMENTS = "cut_documents", _("Cut documents")
        NO_ORIGINALS = "no_originals", _("Stop requiring originals")
        FEWER_COPIES = "fewer_copies", _("Fewer copies")
        CUT_CONDITIONS = "cut_conditions", _("Cut business conditions")
        ONLINE = "online", _("Allow online submission")
        ABOLISH = "abolish", _("Abolish the procedure")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        IMPLEMENTED = "implemented", _("Implemented")
        REJECTED = "rejected", _("Rejected")

    review = models.ForeignKey(Review, models.CASCADE, related_name="recommendations")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    content = models.TextField(_("proposal"), help_text=_("What changes, and why."))
    current_value = models.TextField(_("current value"), blank=True)
    proposed_value = models.TextField(_("proposed value"), blank=True)
    proposed_days = models.DecimalField(
        _("proposed time limit (working days)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    proposed_preparation_hours = models.DecimalField(
        _("proposed hours to prepare, travel and wait"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    proposed_other_costs = models.BigIntegerField(
        _("proposed other costs (đồng)"), null=True, blank=True, validators=NON_NEGATIVE
    )
    regulation = models.TextField(
        _("regulation to change"),
        blank=True,
        help_text=_("The document and article; empty when the province acts on its own."),
    )
    implementer = models.CharField(
        _("who implements"),
        max_length=255,
        blank=True,
        help_text=_("The ministry concerned, or the province."),
    )
    plan = models.ForeignKey(
        SimplificationPlan,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("simplification plan"),
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    supersedes = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("revises"),
    )
    current = models.BooleanField(_("current revision"), default=True, db_index=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PROPOSED
    )
    outcome_note = models.TextField(_("outcome note"), blank=True)
    decision = models.ForeignKey(
        "catalog.PublicationDecision",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("implemented by decision"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.review.procedure.code}: {self.get_kind_display()}"


class DraftRegulation(models.Model):
    """A draft legal document that would create, change or abolish procedures (§6)."""

    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal to draft")
        DRAFTING = "drafting", _("Drafting")
        CONSULTATION = "consultation", _("Consultation")
        APPRAISAL = "appraisal", _("Appraisal")
        ISSUED = "issued", _("Issued")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.TextField(_("title"))
    drafting_agency = models.ForeignKey(
        "agencies.Agency",
        models.PROTECT,
        related_name="draft_regulations",
        verbose_name=_("drafting agency"),
    )
    stage = models.CharField(
        _("stage"), max_length=15, choices=Stage.choices, default=Stage.DRAFTING
    )
    received_on = models.DateField(_("received for comment on"))
    opinion = models.TextField(_("control office's opinion"), blank=True)
    opinion_on = models.DateField(_("opinion given on"), null=True, blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_number = models.CharField(_("issued as"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("draft regulation")
        verbose_name_plural = _("draft regulations")

    def __str__(self) -> str:
        return self.title[:100]


# The impact-assessment form's four criteria (§6, Decree 63/2010 Art. 10).
IMPACT_CRITERIA = (
    ("necessity", _("Necessity")),
    ("reasonableness", _("Reasonableness")),
    ("legality", _("Legality")),
)


class DraftProcedure(models.Model):
    """One procedure a draft would create, change or abolish, and its impact assessment."""

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        AMEND = "amend", _("Amend")
        ABOLISH = "abolish", _("Abolish")

    class Opinion(models.TextChoices):
        PENDING = "pending", _("Awaiting opinion")
        AGREED = "agreed", _("Agreed")
        REVISE = "revise", _("Revise")
        REMOVE = "remove", _("Remove from the draft")

    draft = models.ForeignKey(DraftRegulation, models.CASCADE, related_name="procedures")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    procedure = models.ForeignKey(
        "catalog.Procedure", models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.TextField(_("name"))
    # {criterion: {"met": bool, "note": str}} for IMPACT_CRITERIA.
    assessment = models.JSONField(_("assessment"), default=dict, blank=True)
    working_days_before = models.DecimalField(
        _("time limit before (working days)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    working_days_after = models.DecimalField(
        _("time limit after (working days)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
        validators=NON_NEGATIVE,
    )
    dossiers_per_year = models.PositiveIntegerField(_("dossiers a year"), default=0)
    cost_basis = models.CharField(
        _("cost basis"), max_length=12, choices=CostBasis.choices, default=CostBasis.ANNUAL
    )
    cost_before = models.BigIntegerField(_("compliance cost before (đồng/year)"), default=0)
    cost_after = models.BigIntegerField(_("compliance cost after (đồng/year)"), default=0)
    explanation = models.TextField(_("drafter's explanation"), blank=True)
    opinion = models.CharField(
        _("opinion"), max_length=10, choices=Opinion.choices, default=Opinion.PENDING
    )
    opinion_note = models.TextField(_("opinion note"), blank=True)

    class Meta:
        ordering = ["draft", "id"]
        verbose_name = _("procedure in a draft")
        verbose_name_plural = _("procedures in drafts")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.name[:80]}"
