"""The hyphenated name the API contract gives: ``motcua import-decision``."""

from .import_decision import Command  # noqa: F401
