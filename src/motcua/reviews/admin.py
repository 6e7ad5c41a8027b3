from __future__ import annotations

from django.contrib import admin

from motcua.reviews.models import (
    Assignment,
    CostParameters,
    DraftProcedure,
    DraftRegulation,
    Recommendation,
    Review,
    ReviewPlan,
    SimplificationPlan,
)


@admin.register(CostParameters)
class CostParametersAdmin(admin.ModelAdmin):
    list_display = ["year", "hourly_income", "hours_per_day", "source"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 1
    autocomplete_fields = ["agency", "procedure"]


@admin.register(ReviewPlan)
class ReviewPlanAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "issued_on", "deadline", "title"]
    list_filter = ["year"]
    search_fields = ["number", "title"]
    inlines = [AssignmentInline]


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0
    fk_name = "review"
    # Recommendations change through the review pages (revisions after approval), not here.
    readonly_fields = [
        "kind",
        "content",
        "current_value",
        "proposed_value",
        "proposed_days",
        "plan",
        "revision",
        "current",
        "outcome",
        "decision",
    ]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["procedure", "agency", "reviewed_on", "cost_before", "cost_after"]
    list_filter = ["reviewed_on", "necessary"]
    search_fields = ["procedure__code", "version__name"]
    list_select_related = ["procedure", "agency"]
    readonly_fields = [
        "plan",
        "procedure",
        "version",
        "agency",
        "reviewed_on",
        "working_days",
        "days_after",
        "dossiers_per_year",
        "dossiers_counted",
        "parameters",
        "cost_before",
        "cost_after",
        "filed_at",
        "filed_by",
    ]
    exclude = ["assessment"]
    inlines = [RecommendationInline]

    def has_add_permission(self, request) -> bool:
        return False  # filed on the review form, where the cost is computed


@admin.register(SimplificationPlan)
class SimplificationPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "state", "decision_number", "approved_on"]
    list_filter = ["year", "state"]
    readonly_fields = ["state", "decision_number", "approved_on", "approved_at", "approved_by"]


class DraftProcedureInline(admin.TabularInline):
    model = DraftProcedure
    extra = 0
    fields = ["action", "procedure", "name", "cost_before", "cost_after", "opinion"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DraftRegulation)
class DraftRegulationAdmin(admin.ModelAdmin):
    list_display = ["title", "drafting_agency", "stage", "received_on", "opinion_on"]
    list_filter = ["stage"]
    search_fields = ["title"]
    readonly_fields = ["opinion", "opinion_on", "opinion_by"]
    inlines = [DraftProcedureInline]
