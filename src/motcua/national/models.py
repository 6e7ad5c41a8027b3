"""The interconnection with the national public-service portal (docs/adr/0018): what is waiting to
be sent (``OutboxMessage``, one per journal event, written in the event's transaction), what the
national side holds of each dossier (``SyncState``), and the mappings from local codes to the
national ones that an administrator keeps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import State


class StatusMapping(models.Model):
    """A local state's national status code (``TrangThaiHoSo``, 1–10). Pre-filled one to one
    (the local codes are the national ones); a province changes a row when its national side
    wants another code for a state."""

    state = models.PositiveSmallIntegerField(_("local state"), choices=State.choices, unique=True)
    national_status = models.PositiveSmallIntegerField(
        _("national status (TrangThaiHoSo)"), choices=[(n, str(n)) for n in range(1, 11)]
    )

    class Meta:
        ordering = ["state"]
        verbose_name = _("status mapping")
        verbose_name_plural = _("status mappings")

    def __str__(self) -> str:
        return f"{self.state} → {self.national_status}"


class ProcedureMapping(models.Model):
    """The national procedure code (``MaTTHC``) of a local procedure, where it is not the code
    of the procedure's national record; an empty code says it has none yet (its dossiers wait)."""

    procedure = models.OneToOneField(
        "catalog.Procedure", models.CASCADE, related_name="national_mapping"
    )
    national_code = models.CharField(
        _("national procedure code (MaTTHC)"), max_length=20, blank=True
    )

    class Meta:
        verbose_name = _("procedure mapping")
        verbose_name_plural = _("procedure mappings")

    def __str__(self) -> str:
        return f"{self.procedure_id} → {self.national_code}"


class AgencyMapping(models.Model):
    """The national unit code (``madonvi``) of an agency, where it is not its identifier code."""

    agency = models.OneToOneField(
        "agencies.Agency", models.CASCADE, related_name="national_mapping"
    )
    national_code = models.CharField(_("national unit code (madonvi)"), max_length=40)

    class Meta:
        verbose_name = _("agency mapping")
        verbose_name_plural = _("agency mappings")

    def __str__(self) -> str:
        return f"{self.agency_id} → {self.national_code}"


class SyncState(models.Model):
    """What the national side holds of one dossier, and how its delivery goes."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be sent")
        RETRYING = "retrying", _("Waiting to be tried again")
        PARKED = "parked", _("Needs a person")
        BLOCKED = "blocked", _("Blocked by a missing mapping")
        SYNCED = "synced", _("Synchronised")

    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, related_name="national")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # The national side has acknowledged the dossier once: later pushes say isUpdating "True".
    known = models.BooleanField(default=False)
    # The last journal event whose message the national side acknowledged (its history sent),
    # and the last whose state it took (DongBoHoSoMC): a retry of the history alone does not
    # send that state again.
    acknowledged_sequence = models.PositiveIntegerField(default=0)
    pushed_sequence = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)  # since the last acknowledgement
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    first_acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("synchronisation state")
        verbose_name_plural = _("synchronisation states")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="national_due")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.status}"


class OutboxMessage(models.Model):
    """One journal event to tell the national side: written with the event, acknowledged when
    the national side has taken the dossier as it stood at that event or later."""

    dossier = models.ForeignKey("dossiers.Dossier", models.CASCADE, related_name="+")
    event = models.OneToOneField("dossiers.DossierEvent", models.CASCADE, related_name="+")
    sequence = models.PositiveIntegerField()  # the event's: the dossier's order
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "sequence"]
        verbose_name = _("message to the national portal")
        verbose_name_plural = _("messages to the national portal")
        indexes = [
            models.Index(
                fields=["dossier", "sequence"],
                name="national_pending",
                condition=models.Q(acknowledged_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence}"


class Reconciliation(models.Model):
    """One comparison of a day's dossiers with what the national side holds (``TraCuuHoSo``)."""

    day = models.DateField(_("day"))
    ran_at = models.DateTimeField(_("compared at"))
    checked = models.PositiveIntegerField(_("dossiers compared"), default=0)
    # [{"code", "kind", "here", "there"}]: kind is missing, status, appointment or end.
    differences = models.JSONField(default=list, blank=True)
    failed = models.TextField(blank=True)  # the national side could not be asked

    class Meta:
        ordering = ["-day", "-ran_at"]
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")

    def __str__(self) -> str:
        return f"{self.day}: {len(self.differences)}"


class InboundDossier(models.Model):
    """A dossier submitted on the national portal and handed to the province: its national code
    (``MaHoSo``), the local dossier it became, and the digest of the body that made it (the same
    body again is answered the same; another body under the same code is refused)."""

    national_code = models.CharField(_("national dossier code"), max_length=60, unique=True)
    dossier = models.OneToOneField("dossiers.Dossier", models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier from the national portal")
        verbose_name_plural = _("dossiers from the national portal")

    def __str__(self) -> str:
        return self.national_code


class CatalogPull(models.Model):
    """One reading of the national procedure database (``LayDanhSachTTHC``/``LayThuTuc``) into
    the catalog: what the national side added, changed or abolished, and the draft publication
    decision prepared from it for the control office."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    listed = models.PositiveIntegerField(_("procedures listed"), default=0)
    # {"added": [[code, name]], "changed": [[code, name, [aspect…]]], "abolished": [[code, name,
    #  reason]], "unchanged": n, "refused": [[code, message]], "in_draft": [[code, decision]]}
    report = models.JSONField(default=dict, blank=True)
    decision = models.ForeignKey(
        "catalog.PublicationDecision",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("draft decision"),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("national catalog reading")
        verbose_name_plural = _("national catalog readings")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.state}"
