"""Background work of the catalog (Django Tasks API; see settings.TASKS). Each task lives beside
the service that queues it; named here as well, so work queued under this module's name still
finds its function."""

from motcua.catalog.services.imports import import_national_job

__all__ = ["import_national_job"]
