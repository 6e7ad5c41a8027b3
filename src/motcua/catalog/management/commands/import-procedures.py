"""The hyphenated name the API contract gives: ``motcua import-procedures``."""

from .import_procedures import Command  # noqa: F401
