"""Drafts of online submissions: what an applicant fills in before submitting, kept for a while
(``ONLINE_DRAFT_DAYS``) so nothing is lost between visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="drafts")
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+"
    )
    applicant = models.JSONField(default=dict)  # the fields of ``dossiers.services.Applicant``
    result_delivery = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()
    # Set by the one submit that counts: a second submit finds it and changes nothing.
    dossier = models.OneToOneField(
        "dossiers.Dossier", models.PROTECT, null=True, blank=True, related_name="draft"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft submission")
        verbose_name_plural = _("draft submissions")

    def __str__(self) -> str:
        return f"{self.procedure_id} ({self.owner})"

    @property
    def expired(self) -> bool:
        return self.dossier_id is None and self.expires_at < timezone.now()


class DraftFile(models.Model):
    """A file chosen for one required document: uploaded (checked by content when saved) or
    picked from the applicant's data store."""

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="files")
    document = models.ForeignKey("catalog.RequiredDocument", models.CASCADE, related_name="+")
    file = models.FileField(upload_to="drafts/%Y/%m/", blank=True)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    reuse = models.ForeignKey(
        "dossiers.DigitizedCopy", models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "document"], name="one_file_per_document")
        ]

    def __str__(self) -> str:
        return self.name
