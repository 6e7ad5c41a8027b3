from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.quality.models import CRITERIA, AgencyEvaluation, Feedback, Rating


def _score_field(label, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=0, max_value=2, decimal_places=2, required=required
    )


class _EvaluationForm(forms.ModelForm):
    """The nine criteria as nine fields each for the self score and the verified score."""

    class Meta:
        model = AgencyEvaluation
        fields = ["agency", "year", "quarter", "notes"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own = self.instance.self_scores or [None] * len(CRITERIA)
        checked = self.instance.verified_scores or [None] * len(CRITERIA)
        for i in range(len(CRITERIA)):
            self.initial[f"self_{i}"] = own[i]
            self.initial[f"verified_{i}"] = checked[i]

    def clean(self) -> dict:
        data = super().clean() or {}
        verified = [data.get(f"verified_{i}") for i in range(len(CRITERIA))]
        if any(v is not None for v in verified) and any(v is None for v in verified):
            raise forms.ValidationError(_("Verify all nine criteria, or none yet."))
        return data

    def save(self, commit: bool = True) -> AgencyEvaluation:
        data = self.cleaned_data
        self.instance.self_scores = [float(data[f"self_{i}"]) for i in range(len(CRITERIA))]
        verified = [data.get(f"verified_{i}") for i in range(len(CRITERIA))]
        self.instance.verified_scores = (
            [float(v) for v in verified if v is not None] if None not in verified else None
        )
        return super().save(commit)


# Declared on the class (not in __init__) so that the admin's fieldsets may name them.
EvaluationForm = type(
    "EvaluationForm",
    (_EvaluationForm,),
    {
        **{f"self_{i}": _score_field(f"{i + 1}. {c}", True) for i, c in enumerate(CRITERIA)},
        **{f"verified_{i}": _score_field(f"{i + 1}. {c}", False) for i, c in enumerate(CRITERIA)},
    },
)


@admin.register(AgencyEvaluation)
class AgencyEvaluationAdmin(admin.ModelAdmin):
    form = EvaluationForm
    list_display = ["agency", "year", "quarter", "self_total", "verified_total", "grade"]
    list_filter = ["year", "quarter"]
    search_fields = ["agency__name", "agency__code"]
    autocomplete_fields = ["agency"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["agency", "year", "quarter"]}),
            (_("Self-assessed score"), {"fields": [f"self_{i}" for i in range(len(CRITERIA))]}),
            (_("Verified score"), {"fields": [f"verified_{i}" for i in range(len(CRITERIA))]}),
            (None, {"fields": ["notes"]}),
        ]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["dossier", "score", "created_at"]
    list_filter = ["score"]
    search_fields = ["dossier__code"]

    def has_add_permission(self, request) -> bool:
        return False  # applicants rate; nobody else

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # they feed the indicators: kept as given


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "agency", "received_at", "due_at", "answered_at", "score"]
    list_filter = ["kind", "score"]
    search_fields = ["title", "dossier__code"]
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
