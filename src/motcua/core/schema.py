"""What the OpenAPI schema says of every operation beyond its own serializers."""

from __future__ import annotations

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
