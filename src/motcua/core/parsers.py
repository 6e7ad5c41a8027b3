"""The API's JSON bodies, refused at the edge when no endpoint could take them: nested deeper
than any of our bodies (Python's decoder would run out of stack on a 50,000-deep array), a list
or object of more than a thousand entries, a whole number beyond 64 bits, or a date outside the
working calendar's years (``core.middleware`` does the same for query strings). A refused body
is the usual 400 naming the field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

from motcua.core.errors import field_error
from motcua.core.middleware import INT64, out_of_range, too_large

MAX_DEPTH = 32
# No body of ours holds a list or an object of more entries (each endpoint bounds its own lists
# more tightly); this keeps a 20,000-entry list from reaching any serializer.
MAX_ENTRIES = 1000


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise too_deep() from error
        check(data)
        return data


def too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("The request body is nested deeper than %(depth)s levels.") % {"depth": MAX_DEPTH}
    )


def check(data: Any) -> None:
    """Walks ``data`` without recursion; raises on the first value no endpoint can take."""
    todo: list[tuple[Any, str, int]] = [(data, "", 0)]
    while todo:
        value, path, depth = todo.pop()
        if isinstance(value, dict | list) and len(value) > MAX_ENTRIES:
            message = _("At most %(count)s entries are accepted.") % {"count": MAX_ENTRIES}
            raise field_error(path or "non_field_errors", message)
        if isinstance(value, dict):
            if depth >= MAX_DEPTH:
                raise too_deep()
            todo.extend((v, f"{path}.{k}" if path else str(k), depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            if depth >= MAX_DEPTH:
                raise too_deep()
            todo.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and abs(value) > INT64:
            raise too_large(path or "non_field_errors")
        elif isinstance(value, str) and (error := out_of_range(path, value)) is not None:
            raise error
