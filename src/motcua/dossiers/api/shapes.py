"""What the API answers of a dossier: one declaration per representation (``core.shapes``).

``DOSSIER`` is a row of a list (and the answer to a receipt); ``DETAIL`` is one dossier with its
papers, scans, steps and journal (``GET dossiers/<code>`` and the answer to every action). A field
added here is read, written and described in the OpenAPI schema.
"""

from __future__ import annotations

from rest_framework import serializers

from motcua.accounts.permissions import active_roles, can_at
from motcua.core.api import INT32, SMALL
from motcua.core.shapes import Column, Computed, Group, Label, Nested, Row, Shape
from motcua.dossiers import transitions
from motcua.dossiers.models import (
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    State,
    scan_path,
)
from motcua.dossiers.services import AT_THE_DESK

# A dossier's papers, or those asked for, are a few dozen at most; a body with more is refused.
MAX_DOCUMENTS = 100
STATE_LABELS = dict(State.choices)
NOBODY = ()  # no roles: no actions


def caller_roles(context: dict):
    """The caller's roles, read once for a whole list (kept in ``context``): None for a
    superuser (every action), ``NOBODY`` for an anonymous or inactive caller."""
    if "roles" not in context:
        request = context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            context["roles"] = NOBODY
        else:
            context["roles"] = None if user.is_superuser else active_roles(user)
    return context["roles"]


def actions_for(
    state: int,
    receiving_agency_id: int,
    holder_id: int,
    roles,
    *,
    extension_requested: bool = False,
) -> list[str]:
    """The actions of the transition table the caller may take now on such a dossier."""
    if roles is NOBODY:
        return []
    actions = []
    for action in transitions.allowed(state, extension_requested=extension_requested):
        permission = transitions.TABLE[(state, action)].permission
        agency_id = receiving_agency_id if permission in AT_THE_DESK else holder_id
        if roles is None or can_at(roles, permission, agency_id):
            actions.append(action)
    return actions


def _actions(row: Row, context: dict) -> list[str]:
    return actions_for(
        row["state"],
        row["receiving_agency_id"],
        row["holder_id"],
        caller_roles(context),
        extension_requested=row["extension_requested_due"] is not None,
    )


DOSSIER = Shape(
    "Dossier",
    Dossier,
    Column("code"),
    Column("state", schema=serializers.IntegerField(min_value=1, max_value=10)),
    Computed(
        "state_label",
        ("state",),
        lambda row, context: str(STATE_LABELS[row["state"]]),
        schema=serializers.CharField(source="get_state_display"),
    ),
    Label("procedure", "procedure.code"),
    Label("procedure_name", "version.name"),
    Column("channel"),
    Label("agency", "deciding_agency.code"),
    Label("receiving_agency", "receiving_agency.code"),
    Label("holder", "holder.code"),
    Column("applicant_name"),
    Column("received_at"),
    Column("due_at"),
    Column("legal_due_at"),
    Column("late"),
    Column("extension_requested_due"),
    Column("revision", schema=serializers.IntegerField(**INT32)),
    Computed(
        "actions",
        ("state", "receiving_agency_id", "holder_id", "extension_requested_due"),
        _actions,
        schema=serializers.ListField(child=serializers.CharField()),
        help_text="The actions the caller may take now.",
    ),
)

SCAN = Shape(
    "Scan",
    DigitizedCopy,
    Column("id"),
    Column("kind"),
    Column("name"),
    Column("content_type"),
    Column("size", schema=serializers.IntegerField(min_value=1, max_value=2_147_483_647)),
    Column("sha256"),
    Column("pages", schema=serializers.IntegerField(min_value=1, max_value=2000, allow_null=True)),
    Column(
        "vouched_by",
        "vouched_by__username",
        schema=serializers.CharField(allow_null=True, default=None),
    ),
    Column("vouched_at"),
    Column("signature_check"),
    Column("signature_signer"),
    Column(
        "signed_by",
        "signed__signer",
        schema=serializers.CharField(
            allow_null=True,
            default=None,
            help_text="A result issued electronically: who signed it (the certificate's name).",
        ),
    ),
    Computed(
        "url",
        ("id", "dossier__code"),
        lambda row, context: scan_path(row["dossier__code"], row["id"]),
        schema=serializers.CharField(source="api_path"),
        help_text="Where the file is downloaded (for those who may see the dossier).",
    ),
)


def result_scans(dossier: Dossier) -> list[DigitizedCopy]:
    return [s for s in dossier.scans.all() if s.kind == DigitizedCopy.Kind.RESULT]


HANDED_IN = Shape(
    "HandedIn",
    DossierDocument,
    Column("id"),
    Column("required"),
    Column("name"),
    Column("originals", schema=serializers.IntegerField(**SMALL)),
    Column("copies", schema=serializers.IntegerField(**SMALL)),
    Column("scan_exemption"),
    Nested("scans", SCAN),
)

STEP = Shape(
    "Step",
    DossierStep,
    Column("order", schema=serializers.IntegerField(**INT32)),
    Column("agency", "agency__code", schema=serializers.CharField()),
    Column("actor"),
    Column("action"),
    Column(
        "assignee",
        "assignee__username",
        schema=serializers.CharField(allow_null=True, default=None),
    ),
    Column("started_at"),
    Column("due_at"),
    Column("finished_at"),
    Column("outcome"),
)

EVENT = Shape(
    "Event",
    DossierEvent,
    Column("sequence", schema=serializers.IntegerField(min_value=1, max_value=2_147_483_647)),
    Column("at"),
    Column("actor", "actor__username", schema=serializers.CharField(allow_null=True, default=None)),
    Column("action"),
    Column(
        "from_state", schema=serializers.IntegerField(allow_null=True, min_value=1, max_value=10)
    ),
    Column("to_state", schema=serializers.IntegerField(min_value=1, max_value=10)),
    Column("agency", "agency__code", schema=serializers.CharField()),
    Column("step", schema=serializers.IntegerField(allow_null=True, **INT32)),
    Column("due_before"),
    Column("due_after"),
    Column("note"),
    Column("data"),
)

APPLICANT = Shape(
    "ApplicantOut",
    Dossier,
    Column("name", "applicant_name", schema=serializers.CharField()),
    Column("kind", "applicant_kind", schema=serializers.CharField()),
    Column("id_number", schema=serializers.CharField()),
    Column("phone", schema=serializers.CharField()),
    Column("email", schema=serializers.CharField()),
    Column("address", schema=serializers.CharField()),
    Column("representative_name", schema=serializers.CharField()),
)

DETAIL = Shape(
    "DossierDetail",
    Dossier,
    *DOSSIER.fields,
    Column("regime"),
    Column("limit_text"),
    Column("transfer_due_at"),
    Column("originals_due_at"),
    Column("resolved_at"),
    Column("returned_at"),
    Column("result_number"),
    Column("result_date"),
    Column("result_signer"),
    Group("applicant", APPLICANT),
    Nested("documents", HANDED_IN, schema_kwargs={"max_length": MAX_DOCUMENTS}),
    Nested("result_scans", SCAN, orm=result_scans),
    Nested("steps", STEP),
    Nested("journal", EVENT, source="events"),
)
