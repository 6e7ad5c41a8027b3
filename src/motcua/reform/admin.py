from __future__ import annotations

from django.contrib import admin

from motcua.reform.models import Objective, ProgressReport, ReformPlan, ReformTask, UnitPlan


class ObjectiveInline(admin.TabularInline):
    model = Objective
    extra = 0


@admin.register(ReformPlan)
class ReformPlanAdmin(admin.ModelAdmin):
    list_display = ["number", "year", "issued_on", "title"]
    list_filter = ["year"]
    search_fields = ["number", "title"]
    inlines = [ObjectiveInline]


class ReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    # Reports are history: filed on the task's page, never edited.
    fields = ["reported_on", "agency", "status", "percent", "evidence", "note", "by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReformTask)
class ReformTaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "area", "lead", "timing_text", "due_on"]
    list_filter = ["plan", "area", "timing"]
    search_fields = ["title", "number"]
    autocomplete_fields = ["lead", "coordinators"]
    list_select_related = ["lead"]
    inlines = [ReportInline]


@admin.register(UnitPlan)
class UnitPlanAdmin(admin.ModelAdmin):
    list_display = ["agency", "number", "issued_on", "plan"]
    list_filter = ["plan"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["tasks"]
