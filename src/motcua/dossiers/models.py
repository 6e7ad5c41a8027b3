"""The one-stop shop's records: a dossier, its documents, its steps and its append-only journal.

A dossier changes only through ``dossiers.services`` (DESIGN rule 1); every change writes one
``DossierEvent`` in the same transaction. The inputs of its deadline (receipt moment, time limit,
calendar version, pauses, extensions) are stored so any due moment can be recomputed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Channel, TimeLimit


class State(models.IntegerChoices):
    """The ten states of domain/README.md §2.2; the codes are those of the national sync."""

    SUBMITTED = 1, _("Submitted online, awaiting reception")
    RECEIVED = 2, _("Received")
    REFUSED = 3, _("Not received")
    PROCESSING = 4, _("Being processed")
    SUPPLEMENT = 5, _("Supplement requested")
    PAYMENT = 6, _("Financial obligation required")
    STOP_REQUESTED = 7, _("Applicant asked to stop")
    STOPPED = 8, _("Stopped")
    RESOLVED = 9, _("Resolved, awaiting return")
    RETURNED = 10, _("Result returned")


# The dossier's columns its contribution to the statistics' day book depends on
# (dossiers.tally): a change of any of them changes the book.
TALLY_FIELDS = (
    "deciding_agency_id",
    "version_id",
    "channel",
    "received_at",
    "resolved_at",
    "refused_at",
    "stopped_at",
    "returned_at",
    "legal_due_at",
    "late",
    "early",
    "digitized",
    "reused",
    "result_digitized",
)
# The same as model fields (what ``only()`` and ``defer()`` take).
TALLY_COLUMNS = tuple(name.removesuffix("_id") for name in TALLY_FIELDS)
# An instance loaded without all of TALLY_FIELDS (by ``raw()``: the queryset's ``only()`` and
# ``defer()`` always keep them): it may not be changed.
TALLY_UNKNOWN = "unknown"


def tally_snapshot(dossier) -> tuple | None:
    values = dossier.__dict__
    if any(name not in values for name in TALLY_FIELDS):
        return None
    return tuple(values[name] for name in TALLY_FIELDS)


# Papers that need no scan (Circular 03/2025 Art. 5(2)).
SCAN_EXEMPTIONS = [
    ("electronic", _("submitted electronically")),
    ("shown", _("only shown for inspection")),
    ("exchanged", _("verification exchanged between agencies")),
    ("classified", _("classified")),
]


class DossierQuerySet(models.QuerySet):
    """Dossiers loaded as instances always carry the columns the day book counts
    (``TALLY_FIELDS``), whatever ``only()`` or ``defer()`` ask: a change then adds exactly its
    difference to the book (``tally.sync``)."""

    def only(self, *fields: str) -> DossierQuerySet:
        return super().only(*fields, *TALLY_COLUMNS)

    def defer(self, *fields: str | None) -> DossierQuerySet:
        if fields == (None,):
            return super().defer(None)
        kept = [f for f in fields if f is not None and f.removesuffix("_id") not in TALLY_COLUMNS]
        return super().defer(*kept)


class Dossier(models.Model):
    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    procedure = models.ForeignKey("catalog.Procedure", models.PROTECT, related_name="dossiers")
    version = models.ForeignKey("catalog.ProcedureVersion", models.PROTECT, related_name="dossiers")
    regime = models.CharField(_("legal regime"), max_length=20)
    channel = models.CharField(_("way of submitting"), max_length=10, choices=Channel.choices)
    # Reception does not depend on administrative boundaries: where it was received and who
    # decides are separate; ``holder`` is the agency that has it now (transfers move it).
    receiving_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, related_name="received_dossiers"
    )
    deciding_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, related_name="decided_dossiers"
    )
    holder = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="held_dossiers")
    process = models.ForeignKey(
        "catalog.InternalProcess", models.PROTECT, null=True, blank=True, related_name="dossiers"
    )
    state = models.PositiveSmallIntegerField(_("state"), choices=State.choices)
    # The state to go back to when a pause (supplement, payment, stop request) ends.
    resume_state = models.PositiveSmallIntegerField(null=True, blank=True, choices=State.choices)

    applicant_kind = models.CharField(
        _("applicant is"), max_length=12, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=255)
    applicant_folded = models.CharField(max_length=255, editable=False, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=20, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    admin_unit = models.ForeignKey(
        "agencies.AdministrativeUnit", models.PROTECT, null=True, blank=True
    )
    representative_name = models.CharField(
        _("authorised representative"), max_length=255, blank=True
    )
    representative_id_number = models.CharField(
        _("representative's ID number"), max_length=20, blank=True
    )
    result_delivery = models.CharField(
        _("result delivered"), max_length=10, choices=Channel.choices
    )

    # The deadline's inputs: the limit of the version for this way of submitting (value and
    # unit: working days, working hours or calendar days), the calendar version, the office
    # schedule, the cut-off, the working time paused and the extensions granted.
    submitted_at = models.DateTimeField(_("submitted online at"), null=True, blank=True)
    # An online submission is checked by the desk within ONLINE_CHECK_HOURS working hours.
    check_due_at = models.DateTimeField(_("to be checked by"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    limit_value = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    limit_unit = models.CharField(max_length=15, blank=True)
    limit_text = models.CharField(_("time limit"), max_length=500, blank=True)
    extension_seconds = models.PositiveIntegerField(default=0)
    cutoff_seconds = models.PositiveIntegerField(null=True, blank=True)
    calendar_version = models.CharField(max_length=64, blank=True)
    schedule = models.CharField(max_length=32, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    paused_at = models.DateTimeField(null=True, blank=True)
    # due_at: the appointment now (moved by an apology); legal_due_at: the law's deadline (moved by
    # pauses only) — a dossier resolved after it is late whatever the new appointment.
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True, db_index=True)
    legal_due_at = models.DateTimeField(_("legal deadline"), null=True, blank=True)
    transfer_due_at = models.DateTimeField(_("to be transferred by"), null=True, blank=True)
    originals_due_at = models.DateTimeField(_("paper originals by"), null=True, blank=True)
    apologies = models.PositiveSmallIntegerField(default=0)
    # Under Decree 118 where the province has an extension approved (DOSSIER_EXTENSION_APPROVAL):
    # the appointment the apology asks for, until a leader approves or rejects it.
    extension_requested_due = models.DateTimeField(_("extension asked for"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    # Resolved on a day before the appointment's day (and not late): counted as early.
    early = models.BooleanField(_("early"), default=False)
    result_number = models.CharField(_("result number"), max_length=100, blank=True)
    result_date = models.DateField(_("result date"), null=True, blank=True)
    result_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    result_summary = models.TextField(_("result"), blank=True)

    # What the statistics count, kept on the dossier by the services (each set once): when it
    # was refused or stopped, whether its components are digitized, and whether any was reused
    # from the applicant's data store instead of being handed in again.
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    digitized = models.BooleanField(_("components digitized"), default=False)
    reused = models.BooleanField(_("reuses stored copies"), default=False)
    result_digitized = models.BooleanField(_("electronic result kept"), default=False)

    # The applicant's account (online submission, or a counter dossier linked to one): it sees
    # the dossier in full and keeps its results in the data store.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("applicant's account"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)  # one more per event

    objects = DossierQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["holder", "state", "due_at"], name="dossier_queue"),
            # An agency's newest dossiers, by each way an agency has one (selectors.newest).
            models.Index(fields=["receiving_agency", "id"], name="dossier_received_by"),
            models.Index(fields=["deciding_agency", "id"], name="dossier_decided_by"),
            models.Index(fields=["holder", "id"], name="dossier_held_by"),
            # What a payment, a rating or a sync state is counted under (the deciding agency, the
            # procedure) read from this index, not from the dossier's wide row: the reports'
            # grouped counts of a year at a million dossiers, 373 → 164 ms on SQLite.
            models.Index(
                fields=["id", "deciding_agency", "procedure"], name="dossier_counted_under"
            ),
            models.Index(fields=["received_at"], name="dossier_received"),
            models.Index(fields=["resolved_at"], name="dossier_resolved"),
            # The few resolved late, listed behind a report's figure without reading the rest.
            models.Index(
                fields=["resolved_at"], condition=Q(late=True), name="dossier_resolved_late"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def time_limit(self) -> str:
        """The time limit as a sentence says it ("17 ngày làm việc"), else as published."""
        units = dict(TimeLimit.Unit.choices)
        if self.limit_value is None or self.limit_unit not in units:
            return self.limit_text
        return f"{self.limit_value.normalize():f} {units[self.limit_unit]}".replace(".", ",")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the day book counted of it, so a change adds only its difference (tally.sync).
        instance._tally = tally_snapshot(instance) or TALLY_UNKNOWN
        return instance


class DailyCount(models.Model):
    """One line of the statistics' day book (``dossiers.tally``): a deciding agency's counts on
    one local day. Derived from the dossiers, kept in step by the services."""

    day = models.DateField()
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+")
    received = models.IntegerField(default=0)
    received_direct = models.IntegerField(default=0)
    received_online = models.IntegerField(default=0)
    received_post = models.IntegerField(default=0)
    online_full = models.IntegerField(default=0)
    online_partial = models.IntegerField(default=0)
    digitized = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    withdrawn_after_receipt = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    due = models.IntegerField(default=0)
    due_closed = models.IntegerField(default=0)
    # The parts of indicators 3.x, 4.1 and 4.4 that the reporting form does not show.
    received_full = models.IntegerField(default=0)
    e_result = models.IntegerField(default=0)
    shared = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "agency"], name="one_daily_count_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.agency_id}"


class DossierDocument(models.Model):
    """A document handed in: one of the version's required documents (or another paper)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="documents")
    required = models.ForeignKey(
        "catalog.RequiredDocument", models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("document"), max_length=1000)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    # Papers that need no scan (Circular 03/2025 Art. 5(2)); empty: it is to be scanned.
    scan_exemption = models.CharField(
        _("not scanned because"),
        max_length=20,
        blank=True,
        choices=SCAN_EXEMPTIONS,
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("document handed in")
        verbose_name_plural = _("documents handed in")

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """A step of the internal process as this dossier lives it: who has it, its own deadline,
    and how it ended (the rows of the process-control slip)."""

    class Outcome(models.TextChoices):
        EARLY = "early", _("early")
        ON_TIME = "on_time", _("on time")
        LATE = "late", _("late")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("step"))
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+")
    actor = models.CharField(_("unit or person"), max_length=255)
    action = models.TextField(_("work to do"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    allowance_seconds = models.PositiveIntegerField(default=0)
    counted = models.BooleanField(default=True)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["agency", "dossier"], name="step_agency_dossier")]
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.order}"


class DossierEvent(models.Model):
    """The journal: one row per change, never updated or deleted."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_state = models.PositiveSmallIntegerField(null=True, blank=True, choices=State.choices)
    to_state = models.PositiveSmallIntegerField(choices=State.choices)
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+")
    step = models.PositiveIntegerField(null=True, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="unique_event_sequence")
        ]
        # A day's events of one kind (the payments' reconciliation: the day's confirmations).
        indexes = [models.Index(fields=["action", "at"], name="event_action_at")]
        verbose_name = _("journal event")
        verbose_name_plural = _("journal")

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.sequence} {self.action}"


class CodeCounter(models.Model):
    """The daily sequence of dossier codes per agency prefix: one row locked per receipt, so
    concurrent receipts never share a number and a number is never reused."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="unique_code_counter")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day:%d/%m/%Y}: {self.last}"


SIGNATURE_CHECKS = [
    ("valid", _("valid digital signature")),
    ("untrusted", _("signed by a certificate not trusted here")),
    ("invalid", _("digital signature not valid (changed after signing)")),
]


OCR_STATES = [
    ("queued", _("waiting to be read")),
    ("running", _("being read")),
    ("done", _("searchable")),
    ("failed", _("failed, to be tried again")),
    ("parked", _("not read: left for a person")),
]


class DigitizedCopy(models.Model):
    """A scan of a paper document received (or of the result at return), with what vouches for
    it: its SHA-256, its page count, the officer who certified it matches the paper, and a slot
    for that officer's digital signature (domain/README.md §2.4, §3.4)."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("document received")
        RESULT = "result", _("result")
        ONLINE = "online", _("submitted online")  # electronic already: nobody scans it

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="scans")
    document = models.ForeignKey(
        DossierDocument, models.CASCADE, null=True, blank=True, related_name="scans"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="dossiers/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    vouched_at = models.DateTimeField(_("certified at"), null=True, blank=True)
    # Taken from the applicant's data store instead of being handed in again (§3.4 reuse).
    reused_from = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="reuses"
    )
    signature = models.TextField(_("digital signature"), blank=True)
    # A PDF that arrived signed (an applicant's signed paper, another agency's result): what its
    # signatures said when it was stored, against the trusted authorities (ADR 0020).
    signature_check = models.CharField(
        _("signature check"), max_length=10, blank=True, choices=SIGNATURE_CHECKS
    )
    signature_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    # What the paper is, for the applicant's data store (§3.4): its kind (the folded name of
    # the document or of the result, what a later dossier's required documents are matched
    # on), its number, who issued it and when, and until when it is valid (none: no end).
    paper_kind = models.CharField(max_length=255, blank=True)
    paper_number = models.CharField(_("paper number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=255, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    # The searchable PDF (PDF/A-2b with a text layer) made from the file in the background
    # (dossiers.ocr); the file itself is never changed.
    searchable = models.FileField(_("searchable PDF"), upload_to="searchable/%Y/%m/", blank=True)
    text = models.TextField(_("text read"), blank=True)
    text_folded = models.TextField(blank=True)  # core.text.fold(text), what searches match
    ocr_state = models.CharField(
        _("text recognition"), max_length=10, blank=True, choices=OCR_STATES
    )
    ocr_progress = models.PositiveSmallIntegerField(default=0)  # percent of the pages read
    ocr_attempts = models.PositiveSmallIntegerField(default=0)
    ocr_error = models.CharField(max_length=500, blank=True)
    ocr_next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("digitized copy")
        verbose_name_plural = _("digitized copies")

    def __str__(self) -> str:
        return self.name

    @property
    def api_path(self) -> str:
        return scan_path(self.dossier.code, self.pk)


def scan_path(code: str, pk: int) -> str:
    """Where the API serves a dossier's copy (to those who may see the dossier)."""
    return reverse("api:dossier-scan-file", args=[code, pk])


class ReadField(models.Model):
    """A value read from a copy (dossiers.reading), proposed to the officer with the engine's
    confidence. It reaches the dossier only once a person confirms or corrects it."""

    class Name(models.TextChoices):
        ID_NUMBER = "id_number", _("ID number")
        FULL_NAME = "full_name", _("full name")
        BIRTH_DATE = "birth_date", _("date of birth")
        RESULT_NUMBER = "result_number", _("result number")
        RESULT_DATE = "result_date", _("result date")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("to be confirmed")
        CONFIRMED = "confirmed", _("confirmed")
        CORRECTED = "corrected", _("corrected")
        REJECTED = "rejected", _("rejected")

    copy = models.ForeignKey(DigitizedCopy, models.CASCADE, related_name="read_fields")
    name = models.CharField(max_length=20, choices=Name.choices)
    value = models.CharField(_("value read"), max_length=255)
    confidence = models.FloatField(_("confidence"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    final_value = models.CharField(_("value kept"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["copy", "name"], name="one_read_field_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


class SignedResult(models.Model):
    """A result issued electronically: the copy kept (a PDF) signed by the deciding agency, with
    what the public verification page shows of it — and, later, whether it was revoked or
    replaced by another result."""

    copy = models.OneToOneField(DigitizedCopy, models.PROTECT, related_name="signed")
    number = models.CharField(_("result number"), max_length=100)
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+")
    signer = models.CharField(_("signed by"), max_length=255)  # the certificate's name
    certificate_sha256 = models.CharField(max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    test = models.BooleanField(_("signed with a test certificate"), default=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("why it was revoked"), blank=True)
    replaced_by = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="replaces"
    )

    class Meta:
        verbose_name = _("signed result")
        verbose_name_plural = _("signed results")
        indexes = [models.Index(fields=["number"], name="signed_result_number")]

    def __str__(self) -> str:
        return self.number


class Notification(models.Model):
    """A message to the applicant about one journal event, written in the same transaction as
    the event (an outbox) and sent by a background task. One per event and channel, so a
    message is never sent twice; failures are retried a few times, then left for a person."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent (gave up)")

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="notifications")
    event = models.ForeignKey(DossierEvent, models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel"], name="one_notification_per_channel"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.channel} {self.to}: {self.subject}"
