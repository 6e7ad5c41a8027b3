from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.national import delivery
from motcua.national.models import (
    AgencyMapping,
    CatalogPull,
    ProcedureMapping,
    StatusMapping,
    SyncState,
)


@admin.register(StatusMapping)
class StatusMappingAdmin(admin.ModelAdmin):
    list_display = ["state", "national_status"]


@admin.register(ProcedureMapping)
class ProcedureMappingAdmin(admin.ModelAdmin):
    list_display = ["procedure", "national_code"]
    search_fields = ["procedure__code", "national_code"]
    autocomplete_fields = ["procedure"]


@admin.register(AgencyMapping)
class AgencyMappingAdmin(admin.ModelAdmin):
    list_display = ["agency", "national_code"]
    search_fields = ["agency__code", "agency__name", "national_code"]
    autocomplete_fields = ["agency"]


@admin.register(SyncState)
class SyncStateAdmin(admin.ModelAdmin):
    """The dossiers on their way to the national portal; parked and blocked ones are released
    here once their cause is fixed."""

    list_display = ["dossier", "status", "attempts", "next_attempt_at", "last_error", "known"]
    list_filter = ["status", "known"]
    search_fields = ["dossier__code"]
    readonly_fields = [f.name for f in SyncState._meta.fields]
    actions = ["release"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send again (after the cause is fixed)"))
    def release(self, request, queryset) -> None:
        count = delivery.release(list(queryset.values_list("dossier_id", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(n)d dossier goes back to the queue.",
                "%(n)d dossiers go back to the queue.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )


@admin.register(CatalogPull)
class CatalogPullAdmin(admin.ModelAdmin):
    """Readings of the national catalog are made by the command or the page, never by hand."""

    list_display = ["created_at", "state", "listed", "decision", "created_by"]
    readonly_fields = [f.name for f in CatalogPull._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
