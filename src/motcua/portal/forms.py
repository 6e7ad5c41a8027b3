from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.core.fields import DayField, MomentField, PhoneField
from motcua.core.text import nfc
from motcua.dossiers.selectors import deciding_agencies
from motcua.workdays.calendar import quarter_days


class DueForm(forms.Form):
    UNITS = [
        ("working_days", _("working days")),
        ("hours", _("working hours")),
        ("calendar_days", _("calendar days")),
    ]

    received = MomentField(label=_("Received at"))
    amount = forms.DecimalField(
        label=_("Time limit"), min_value=Decimal(0), max_digits=7, decimal_places=2
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS, initial="working_days")
    cutoff = forms.TimeField(
        label=_("Cut-off hour (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Received after this hour: counted from the next working day (e.g. 15:00)."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency (its office hours)"),
        queryset=Agency.objects.filter(level__in=["province", "department", "center", "district"]),
        required=False,
        to_field_name="code",
    )

    def clean(self) -> dict:
        data = super().clean()
        amount, unit = data.get("amount"), data.get("unit")
        if amount is None or unit is None:
            return data
        if unit == "working_days":
            try:
                quarter_days(amount)
            except ValueError:
                self.add_error(
                    "amount", _("The number of working days must be a multiple of 0.25.")
                )
        elif unit == "calendar_days" and amount % 1:
            self.add_error("amount", _("Calendar days must be a whole number."))
        elif unit == "hours" and (amount * 60) % 1:
            self.add_error("amount", _("Hours must come to whole minutes."))
        if unit == "calendar_days" and data.get("cutoff"):
            self.add_error("cutoff", _("A cut-off hour applies to working-time limits only."))
        return data


class AgencySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Agency.Level.choices]
    )
    as_of = DayField(label=_("In existence on"), required=False)


class ProcedureSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search procedures"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autofocus": True,
                "placeholder": _("e.g. cap giay phep xay dung"),
            }
        ),
    )
    field = forms.ModelChoiceField(
        label=_("Field"), required=False, queryset=None, empty_label=_("All fields")
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[
            ("", _("All levels")),
            ("province", _("Province")),
            ("commune", _("Commune")),
            ("district", _("District (historical)")),
            ("ministry", _("Ministry")),
        ],
    )
    online = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[
            ("", _("Any")),
            ("full", _("Full-process online")),
            ("partial", _("Partial online")),
            ("none", _("Not online")),
        ],
    )
    scope = forms.ChoiceField(
        label=_("Catalog"),
        required=False,
        choices=[
            ("", _("Every procedure in force")),
            ("province", _("The province's published list")),
        ],
    )
    agency = forms.ModelChoiceField(
        label=_("Implementing agency"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("Any agency"),
    )
    as_of = DayField(label=_("In force on"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)

        self.fields["field"].queryset = Field.objects.all()
        self.fields["agency"].queryset = Agency.objects.filter(
            procedure_versions__isnull=False
        ).distinct()


class _Unechoed(forms.TextInput):
    """A visible field whose value is never written back into the page (a second factor)."""

    def format_value(self, value):
        return None


class TrackForm(forms.Form):
    """The public look-up of a dossier. The field names match the QR code on the slips."""

    ma = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    xac_thuc = forms.CharField(
        max_length=20,
        widget=_Unechoed(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("As given when the dossier was submitted."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["xac_thuc"].label = _("Phone number or last %(n)s digits of the ID number") % {
            "n": settings.TRACK_ID_DIGITS
        }


class DraftForm(forms.Form):
    """The online form of one procedure version: the applicant, the agency, how the result is
    delivered, and for each document an upload or a copy from the applicant's data store."""

    agency = forms.ModelChoiceField(label=_("Agency that decides"), queryset=Agency.objects.none())
    name = forms.CharField(label=_("Applicant (person or organization)"), max_length=255)
    kind = forms.ChoiceField(
        label=_("Applicant is"),
        choices=[("person", _("a person")), ("organization", _("an organization"))],
    )
    id_number = forms.CharField(label=_("ID number (or business code)"), max_length=20)
    phone = PhoneField(label=_("Phone number"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=500)
    representative_name = forms.CharField(
        label=_("Submitted on behalf of the applicant by (authorisation)"),
        max_length=255,
        required=False,
        help_text=_("Under an authorisation the dossier is in the applicant's name."),
    )
    result_delivery = forms.ChoiceField(label=_("Receive the result"))

    APPLICANT = [
        "agency",
        "name",
        "kind",
        "id_number",
        "phone",
        "email",
        "address",
        "representative_name",
        "result_delivery",
    ]

    def __init__(self, *args, version, store, files_chosen, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["agency"].queryset = deciding_agencies(version, timezone.localdate())
        deliveries = [("online", _("online (download)")), ("post", _("by post"))]
        if version.online != "full":
            deliveries.append(("direct", _("at the one-stop desk")))
        self.fields["result_delivery"].choices = deliveries
        self.documents = []
        for document in version.documents.all():
            # Only the stored papers of this kind, still valid, the newest proposed first.
            matches = store.get(document.pk, [])
            store_choices = [("", _("— upload a file instead —"))] + [
                (str(c.pk), _stored_label(c)) for c in matches
            ]
            upload = forms.FileField(
                label=document.name,
                required=False,
                help_text=_("PDF, JPEG or PNG, at most %(mb)s MB.")
                % {"mb": settings.DOSSIER_MAX_UPLOAD_MB},
                widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
            )
            self.fields[f"doc_{document.pk}"] = upload
            if matches:
                self.fields[f"reuse_{document.pk}"] = forms.ChoiceField(
                    label=_("or take it from my data store"),
                    choices=store_choices,
                    required=False,
                    # Proposed: the paper is there already, nothing to upload again.
                    initial="" if files_chosen.get(document.pk) else str(matches[0].pk),
                )
            reuse = f"reuse_{document.pk}" if matches else None
            self.documents.append(
                {
                    "document": document,
                    "upload": f"doc_{document.pk}",
                    "reuse": reuse,
                    "upload_field": self[f"doc_{document.pk}"],
                    "reuse_field": self[reuse] if reuse else None,
                    "chosen": files_chosen.get(document.pk),
                }
            )
        self.applicant_fields = [self[name] for name in self.APPLICANT]
        self.has_cases = any(d["document"].group for d in self.documents)

    def clean_name(self) -> str:
        return nfc(self.cleaned_data["name"])

    def clean_address(self) -> str:
        return nfc(self.cleaned_data["address"])

    def uploads(self) -> dict[int, object]:
        return {
            d["document"].pk: self.cleaned_data[d["upload"]]
            for d in self.documents
            if self.cleaned_data.get(d["upload"])
        }

    def reuse(self) -> dict[int, int]:
        return {
            d["document"].pk: int(self.cleaned_data[d["reuse"]])
            for d in self.documents
            if d["reuse"] and self.cleaned_data.get(d["reuse"])
        }


def _stored_label(copy) -> str:
    """A stored paper as the applicant knows it: its name, number and date, its dossier."""
    parts = [copy.name]
    if copy.paper_number:
        parts.append(_("no. %(number)s") % {"number": copy.paper_number})
    if copy.issued_on:
        parts.append(copy.issued_on.strftime("%d/%m/%Y"))
    return f"{', '.join(parts)} ({copy.dossier.code})"


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("feedback", _("Feedback (phản ánh)")), ("petition", _("Petition (kiến nghị)"))],
        widget=forms.RadioSelect,
        initial="feedback",
    )
    title = forms.CharField(label=_("Subject"), max_length=255)
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea)
    name = forms.CharField(label=_("Your name"), max_length=255)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(label=_("Phone number"), required=False)
    procedure_code = forms.CharField(
        label=_("About the procedure (its code, optional)"), max_length=20, required=False
    )
    dossier_code = forms.CharField(
        label=_("About the dossier (its code, optional)"), max_length=40, required=False
    )
    dossier_factor = forms.CharField(
        label=_("The dossier's phone number or last ID digits"),
        max_length=20,
        required=False,
        widget=_Unechoed(attrs={"autocomplete": "off"}),
    )


class VerifyForm(forms.Form):
    """The public check of a result: its PDF, or its dossier code and number (the field names
    match the QR code printed on the result)."""

    tep = forms.FileField(
        label=_("The result's PDF file"),
        required=False,
        help_text=_("The file you were given or sent. It is checked here and not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    ma = forms.CharField(
        label=_("Dossier code"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    so = forms.CharField(
        label=_("Result number"),
        max_length=100,
        required=False,
        help_text=_("As printed on the result, e.g. 15/GP-STP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("tep") and not (data.get("ma") and data.get("so")):
            raise forms.ValidationError(
                _("Choose the result's PDF file, or enter both its dossier code and its number."),
                code="required",
            )
        return data
