"""The one-stop slips as PDF (domain/README.md §2.3): the form number and title come from the legal
regime in force on the dossier's receipt date, so a 2023 dossier prints the forms of Circular
01/2018 and a 2026 one those of Circular 03/2025."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.errors import NotFound
from motcua.core.regimes import REGIMES, FormSet, FormSpec, Regime, forms_on, regime_on
from motcua.dossiers.models import Dossier, DossierEvent, State

KINDS = ("receipt", "supplement", "refusal", "apology", "stop", "control")


@dataclass
class Slip:
    kind: str
    filename: str
    html: str

    def pdf(self) -> bytes:
        from weasyprint import HTML  # imported here: Pango is needed only to print

        return HTML(string=self.html, base_url=settings.MOTCUA_PUBLIC_URL).write_pdf()


def regime_of(dossier: Dossier) -> Regime:
    for regime in REGIMES:
        if regime.key == dossier.regime:
            return regime
    return regime_on(timezone.localdate(dossier.created_at))


def received_on(dossier: Dossier) -> dt.date:
    return timezone.localdate(dossier.received_at or dossier.created_at)


def forms_of(dossier: Dossier) -> FormSet | None:
    """The forms in force on the dossier's receipt day (core.regimes.forms_on)."""
    return forms_on(received_on(dossier), settings.MOTCUA_FORMS_EFFECTIVE)


def form_for(dossier: Dossier, kind: str) -> tuple[FormSpec, str]:
    """The form a slip prints, and its paper: the circular's numbered form, or — before any
    circular prescribed one — the slip's own title, unnumbered."""
    form_set = forms_of(dossier)
    if form_set is not None and kind in form_set.forms:
        return form_set.forms[kind], form_set.paper_for(kind)
    paper = form_set.paper_for(kind) if form_set is not None else "A5"
    return FormSpec("", str(TITLES[kind])), paper


def tracking_url(dossier: Dossier) -> str:
    return f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}/portal/tra-cuu/?ma={dossier.code}"


def _qr_svg(dossier: Dossier) -> str:
    return segno.make(tracking_url(dossier), error="m").svg_inline(scale=2, omitsize=False)


def _last(dossier: Dossier, action: str) -> DossierEvent | None:
    return dossier.events.filter(action=action).order_by("-sequence").first()


def _recorded(dossier: Dossier, action: str) -> DossierEvent:
    """The last ``action`` of a dossier whose slip says it happened."""
    event = _last(dossier, action)
    if event is None:
        raise NotFound(_("This dossier has no such slip (yet)."), code="slip_not_available")
    return event


# What a person sees of each slip: its name, never its code.
TITLES = {
    "receipt": gettext_lazy("Receipt and appointment slip"),
    "supplement": gettext_lazy("Supplement request"),
    "refusal": gettext_lazy("Refusal slip"),
    "apology": gettext_lazy("Apology and new appointment"),
    "stop": gettext_lazy("Stop notice"),
    "control": gettext_lazy("Process-control slip"),
}


def titled(kinds: list[str]) -> list[tuple[str, str]]:
    """``kinds`` with their titles, for a list of links."""
    return [(kind, str(TITLES[kind])) for kind in kinds]


def available(dossier: Dossier) -> list[str]:
    """The slips this dossier has: each exists once the event it records has happened."""
    kinds = []
    if dossier.received_at is not None:
        kinds.append("receipt")
    receipt = dossier.events.order_by("sequence").first()
    if _last(dossier, "request_supplement") or (
        receipt and receipt.data.get("outcome") == "request_supplement"
    ):
        kinds.append("supplement")
    if dossier.state == State.REFUSED:
        kinds.append("refusal")
    if _last(dossier, "apologize"):
        kinds.append("apology")
    if dossier.state == State.STOPPED and _last(dossier, "stop"):
        kinds.append("stop")
    if dossier.steps.exists():
        kinds.append("control")
    return kinds


def render(dossier: Dossier, kind: str) -> Slip:
    if kind not in available(dossier):
        raise NotFound(_("This dossier has no such slip (yet)."), code="slip_not_available")
    regime = regime_of(dossier)
    form, paper = form_for(dossier, kind)
    form_set = forms_of(dossier)
    events = list(dossier.events.select_related("actor").order_by("sequence"))
    context = {
        "dossier": dossier,
        "kind": kind,
        "form": form,
        "paper": paper,
        "circular": form_set.circular if form_set is not None and form.number else "",
        "regime": regime,
        "superior": dossier.receiving_agency.parent,
        "agency": dossier.receiving_agency,
        "documents": list(dossier.documents.all()),
        "steps": list(dossier.steps.select_related("agency").order_by("id")),
        "events": events,
        "printed_at": timezone.localtime(),
        "qr": _qr_svg(dossier) if kind in ("receipt", "supplement") else "",
        "tracking_url": tracking_url(dossier),
        # A 2023 dossier of the demo whose papers were named from a later national record.
        "later_citations": dossier.version.later_citations(received_on(dossier)),
    }
    if kind == "supplement":
        asked = _last(dossier, "request_supplement") or events[0]
        context["missing"] = asked.data.get("missing", [])
        context["asked_at"] = asked.at
        context["asked_by"] = asked.actor
    elif kind == "refusal":
        context["reason"] = (_last(dossier, "refuse") or events[0]).note
    elif kind == "apology":
        apology = _recorded(dossier, "apologize")
        context["reason"] = apology.note
        context["old_due"] = apology.due_before
        requested = apology.data.get("requested_due")
        # Where the extension waits for approval the slip proposes the date it asks for.
        context["new_due"] = (
            dt.datetime.fromisoformat(requested) if requested else apology.due_after
        )
        context["apology_at"] = apology.at
    elif kind == "stop":
        context["stopped_at"] = _recorded(dossier, "stop").at
        stop_asked = _last(dossier, "request_stop")
        context["reason"] = stop_asked.note if stop_asked else ""
    html = render_to_string(f"dossiers/slips/{kind}.html", context)
    stamp = dt.datetime.now().strftime("%Y%m%d")
    return Slip(kind, f"{dossier.code}-{kind}-{stamp}.pdf", html)
