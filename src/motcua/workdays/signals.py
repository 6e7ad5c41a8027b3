"""A change to overrides or office hours publishes a new calendar version after commit."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.workdays.models import CalendarOverride, OfficeSchedule, OfficeSeason
from motcua.workdays.services import publish_version


@receiver([post_save, post_delete], sender=CalendarOverride)
@receiver([post_save, post_delete], sender=OfficeSeason)
@receiver([post_delete], sender=OfficeSchedule)
def calendar_changed(sender, instance, **kwargs) -> None:
    reason = f"{sender._meta.verbose_name} #{instance.pk}"
    transaction.on_commit(lambda: publish_version(reason))
