"""Forms of the officer pages (the API has its own serializers; both end in ``services``)."""

from __future__ import annotations

from collections import Counter, defaultdict

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.catalog.models import Channel
from motcua.core.fields import DayField, MomentField, PhoneField
from motcua.dossiers.models import Dossier

OUTCOME_CHOICES = [
    ("accept", _("Complete: receive it and give the appointment")),
    ("request_supplement", _("Incomplete: ask for the missing papers")),
    ("refuse", _("Not admissible: refuse it")),
]


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProcedurePickForm(forms.Form):
    thu_tuc = forms.CharField(
        label=_("Procedure"),
        max_length=200,
        help_text=_("Its code, or words of its name: e.g. 1.012781, or “khai sinh”."),
        widget=forms.TextInput(
            attrs={"list": "procedure-options", "autocomplete": "off", "data-suggest": ""}
        ),
    )


class ReceiptForm(forms.Form):
    procedure = forms.CharField(widget=forms.HiddenInput, max_length=20)
    deciding_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Deciding agency")
    )
    channel = forms.ChoiceField(
        label=_("Way of submitting"),
        choices=[(Channel.DIRECT, Channel.DIRECT.label), (Channel.POST, Channel.POST.label)],
    )
    applicant_kind = forms.ChoiceField(
        label=_("Applicant is"), choices=Dossier.ApplicantKind.choices
    )
    applicant_name = forms.CharField(label=_("Applicant"), max_length=255)
    id_number = forms.RegexField(
        label=_("ID number"), regex=r"^[0-9A-Za-z]{0,20}$", required=False, max_length=20
    )
    phone = PhoneField(label=_("Phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    representative_name = forms.CharField(
        label=_("Authorised representative"), max_length=255, required=False
    )
    result_delivery = forms.ChoiceField(label=_("Result delivered"), choices=Channel.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome of the check"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    missing = forms.CharField(
        label=_("Missing or incorrect papers (one a line)"), widget=forms.Textarea, required=False
    )
    reason = forms.CharField(label=_("Reason for refusal"), widget=forms.Textarea, required=False)

    def __init__(self, *args, desk: Agency | None = None, version=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        field = choice(self.fields["deciding_agency"])
        field.queryset = Agency.objects.valid_on(today).order_by("code")
        # Validation stays on the queryset; the list a person reads is grouped.
        field.widget.choices = deciding_choices(list(field.queryset), desk, version)


USUAL_FROM_LAST = 300  # the desk's latest dossiers, whose deciding agencies come first


def deciding_choices(agencies: list[Agency], desk: Agency | None, version) -> list:
    """The agencies a desk may name as deciding, grouped as a person looks for them: first those
    usual at this desk (the procedure's implementing agencies, the desk itself, the agencies of
    its latest dossiers, most frequent first), then the province's agencies, then each district
    with its communes, then the communes under the province directly (after the 2025 reform)."""
    by_pk = {a.pk: a for a in agencies}
    usual: list[int] = list(version.agencies.values_list("pk", flat=True)) if version else []
    if desk is not None:
        usual.append(desk.pk)
        latest = Dossier.objects.filter(receiving_agency=desk).order_by("-id")
        counted = Counter(latest.values_list("deciding_agency", flat=True)[:USUAL_FROM_LAST])
        usual += [pk for pk, _n in counted.most_common(8)]
    usual = list(dict.fromkeys(pk for pk in usual if pk in by_pk))
    groups: list = [("", [("", "---------")])]
    if usual:
        groups.append((_("Usual at this desk"), [(pk, by_pk[pk].name) for pk in usual]))
    upper = [a for a in agencies if a.level in (Agency.Level.PROVINCE, Agency.Level.DEPARTMENT)]
    groups.append((_("Province level"), [(a.pk, a.name) for a in upper]))
    districts = {a.pk: a for a in agencies if a.level == Agency.Level.DISTRICT}
    communes: dict[int | None, list[Agency]] = defaultdict(list)  # by district, None: none
    for a in agencies:
        if a.level == Agency.Level.COMMUNE:
            communes[a.parent_id if a.parent_id in districts else None].append(a)
    for pk, district in districts.items():
        groups.append((district.name, [(a.pk, a.name) for a in [district, *communes[pk]]]))
    if communes[None]:
        groups.append((_("Communes"), [(a.pk, a.name) for a in communes[None]]))
    return groups


class ActionForm(forms.Form):
    """Every field an action may need; the service says which are required for which action."""

    action = forms.CharField(widget=forms.HiddenInput, max_length=40)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    missing = forms.CharField(widget=forms.Textarea, required=False)
    reason = forms.CharField(widget=forms.Textarea, required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)
    number = forms.CharField(max_length=100, required=False)
    signer = forms.CharField(max_length=255, required=False)
    date = DayField(required=False)
    summary = forms.CharField(widget=forms.Textarea, required=False)
    electronic = forms.BooleanField(required=False)
    agency = forms.CharField(max_length=40, required=False)
    days = forms.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    amount = forms.IntegerField(min_value=0, max_value=10**13, required=False)
    assignee = forms.IntegerField(min_value=1, required=False)
    new_due = MomentField(required=False)

    def params(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        data.pop("action", None)
        data.pop("revision", None)
        if "missing" in data:
            data["missing"] = lines(data["missing"])
        return data


class BookForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("One-stop desk"))
    start = DayField(label=_("From"))
    end = DayField(label=_("To"))
    format = forms.ChoiceField(
        label=_("Show as"),
        choices=[("html", _("Page")), ("xlsx", "XLSX"), ("pdf", "PDF")],
        initial="html",
        required=False,
    )

    def __init__(self, *args, agencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice(self.fields["agency"]).queryset = agencies

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366):
            self.add_error("end", _("A period of one day to one year, ending after it starts."))
        data["format"] = data.get("format") or "html"
        return data


def choice(field: forms.Field) -> forms.ModelChoiceField:
    """A form's model choice field, to set its choices."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(field)
    return field
