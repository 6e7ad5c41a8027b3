from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from motcua.workdays.models import CalendarOverride, CalendarVersion, OfficeSchedule, OfficeSeason


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "reason", "document"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["reason", "document", "source"]
    date_hierarchy = "date"
    fields = ["date", "kind", "reason", "document", "source", "note"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarOverride) -> str:
        names = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
        return str(names[obj.date.weekday()])


class OfficeSeasonInline(admin.TabularInline):
    model = OfficeSeason
    extra = 0


@admin.register(OfficeSchedule)
class OfficeScheduleAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    inlines = [OfficeSeasonInline]


@admin.register(CalendarVersion)
class CalendarVersionAdmin(admin.ModelAdmin):
    list_display = ["key", "created_at", "reason"]
    readonly_fields = ["key", "created_at", "reason", "snapshot"]

    def has_add_permission(self, request) -> bool:
        return False  # versions are published by the system when the calendar changes

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
