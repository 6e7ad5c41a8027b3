from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from motcua.core import reference
        from motcua.workdays import signals  # noqa: F401
        from motcua.workdays.models import CalendarVersion

        # What the cached reads of the process depend on (core.reference).
        reference.register(CalendarVersion)
