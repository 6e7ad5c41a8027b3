"""Service quality (§2.9, §2.10): applicants' ratings of how their dossiers were handled,
feedback and petitions with their answers, and agencies' periodic evaluations. The portal
collects them and the reports count them; the rules are here.

The tables keep the names they had when the portal held these models (``db_table``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    """The applicant's word on how their dossier was handled, once the result exists (§2.9):
    it feeds the service-quality indicators."""

    class Score(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        NORMAL = "normal", _("Normal")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, related_name="rating")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="ratings")
    score = models.CharField(_("rating"), max_length=12, choices=Score.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "portal_rating"
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        indexes = [models.Index(fields=["created_at"], name="rating_created_at")]  # the reports

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.score}"


class Feedback(models.Model):
    """Feedback or a petition (phản ánh, kiến nghị, §2.10) about a procedure or a dossier,
    routed to the agency responsible and answered within its time limit in working days."""

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback (phản ánh)")
        PETITION = "petition", _("Petition (kiến nghị)")

    token = models.CharField(max_length=32, unique=True, editable=False)  # the filer's key
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("subject"), max_length=255)
    content = models.TextField(_("content"), max_length=5000)
    procedure = models.ForeignKey(
        "catalog.Procedure", models.PROTECT, null=True, blank=True, related_name="+"
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", models.PROTECT, null=True, blank=True, related_name="feedback"
    )
    name = models.CharField(_("name"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="feedback")
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.CharField(
        _("rating of the answer"), max_length=12, choices=Rating.Score.choices, blank=True
    )

    class Meta:
        db_table = "portal_feedback"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "answered_at", "due_at"], name="feedback_queue")]
        verbose_name = _("feedback or petition")
        verbose_name_plural = _("feedback and petitions")

    def __str__(self) -> str:
        return self.title

    @property
    def late(self) -> bool:
        end = self.answered_at or timezone.now()
        return end > self.due_at


CRITERIA = [
    _("Total resolution time against the legal time limit"),
    _("Time used by each agency taking part (co-operating units included)"),
    _("Contacts with the reception point needed to complete the dossier (online included)"),
    _("Agencies the applicant had to contact to complete the dossier"),
    _("Reception, resolution and return through the one-stop unit"),
    _("Publicity of the procedure"),
    _("Attitude of officials when guiding, receiving and resolving"),
    _("Taking on board and explaining the answers to feedback and petitions"),
    _("Progress and quality of the authority's online public services"),
]


def _scores_ok(value) -> None:
    if value is None:
        return
    if (
        not isinstance(value, list)
        or len(value) != len(CRITERIA)
        or any(not isinstance(v, int | float) or not 0 <= v <= 2 for v in value)
    ):
        raise ValidationError(_("Nine scores, each from 0 to 2 points."))


class AgencyEvaluation(models.Model):
    """An agency's periodic evaluation on the nine criteria of §2.9 (2 points each, 18 in all):
    the agency's own score and the score the control office verified."""

    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, str(q)) for q in (1, 2, 3, 4)]
    )
    self_scores = models.JSONField(_("self-assessed scores"), validators=[_scores_ok])
    verified_scores = models.JSONField(
        _("verified scores"), null=True, blank=True, validators=[_scores_ok]
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "portal_agencyevaluation"
        ordering = ["-year", "-quarter", "agency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="one_evaluation_per_quarter"
            )
        ]
        verbose_name = _("agency evaluation")
        verbose_name_plural = _("agency evaluations")

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}Q{self.quarter}"

    @property
    def self_total(self) -> float:
        return round(float(sum(self.self_scores or [])), 2)

    @property
    def verified_total(self) -> float | None:
        if self.verified_scores is None:
            return None
        return round(float(sum(self.verified_scores)), 2)

    @property
    def grade(self) -> str:
        """The grade of the verified score (else the self score), by ``EVALUATION_GRADES``."""
        total = self.verified_total if self.verified_total is not None else self.self_total
        for floor, name in grades():
            if total >= floor:
                return name
        return str(GRADE_NAMES["weak"])


GRADE_NAMES = {
    "excellent": _("Excellent"),
    "good": _("Good"),
    "fair": _("Fair"),
    "average": _("Average"),
    "weak": _("Weak"),
}


def grades() -> list[tuple[float, str]]:
    """``EVALUATION_GRADES`` ("15:excellent,12:good,9:fair,6:average"), highest floor first."""
    rows = []
    for part in settings.EVALUATION_GRADES.split(","):
        floor, _sep, key = part.partition(":")
        rows.append((float(floor), str(GRADE_NAMES.get(key.strip(), key.strip()))))
    return sorted(rows, reverse=True)
