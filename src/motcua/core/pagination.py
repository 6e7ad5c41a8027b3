"""Keyset (cursor) pagination: pages stay fast however deep a client goes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from motcua.core.errors import DomainError


class KeysetPagination(CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound as err:
            # A cursor is an opaque token we issued; a mangled one is bad input, not a missing page.
            raise DomainError(
                _("The page cursor is not valid."),
                code="invalid_cursor",
                fields={"cursor": [_("Use the 'next' link of the previous page.")]},
            ) from err
