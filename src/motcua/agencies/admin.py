from django.contrib import admin

from motcua.agencies.models import (
    AdministrativeUnit,
    Agency,
    AgencySuccession,
    Unit,
    UnitSuccession,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class SuccessionInline(admin.TabularInline):
    model = AgencySuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "one_stop", "valid_from", "valid_to"]
    list_filter = ["level", "one_stop"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["parent", "territory"]
    inlines = [UnitInline, SuccessionInline]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "relation", "effective_on"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency"]
    list_filter = ["kind"]
    search_fields = ["name", "agency__name"]
