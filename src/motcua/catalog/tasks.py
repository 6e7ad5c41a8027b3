"""Background work of the catalog (Django Tasks API; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from motcua.catalog import services
from motcua.catalog.models import ImportJob


@task()
def import_national_job(job_id: int) -> dict:
    """Import an uploaded file of national records (ImportJob) and return its summary."""
    return services.run_import(ImportJob.objects.get(pk=job_id)).summary
