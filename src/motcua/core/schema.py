"""What the OpenAPI schema says of every operation beyond its own serializers."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant
from drf_spectacular.generators import SchemaGenerator

ERROR = {"$ref": "#/components/schemas/Error"}


def refused_at_the_edge(result: dict, generator, request, public) -> dict:
    """Every operation may answer 400 with the error body: the edge refuses, before any view,
    what no endpoint can take (a NUL character, a number beyond 64 bits, a date outside the
    working calendar's years; ``core.middleware``), whatever the operation's own parameters."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "400",
                {"content": {"application/json": {"schema": ERROR}}, "description": ""},
            )
    return result


def _served_language() -> str:
    """The language the schema is written in: ``?lang=`` may name any string, which Django
    activates and serves in the default language — one schema kept for all of them, not one per
    string a client invents."""
    try:
        return get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


class OncePerProcessGenerator(SchemaGenerator):
    """The served schema, generated once per process, version and language: it changes only
    with the code, and generating it walks every view and serializer (a third of a second)."""

    _schemas: ClassVar[dict[tuple, dict]] = {}

    def get_schema(self, request=None, public=False):
        key = (self.api_version, self.urlconf, _served_language(), public)
        if key not in self._schemas:
            self._schemas[key] = super().get_schema(request=request, public=public)
        return self._schemas[key]
