"""Background work of the one-stop shop (Django Tasks API; see settings.TASKS). Each task lives
beside the function that queues it; named here as well, so work queued under this module's name
still finds its function."""

from motcua.dossiers.notifications import send_notification
from motcua.dossiers.ocr import make_searchable

__all__ = ["make_searchable", "send_notification"]
