"""DRF permission classes over the one role table (``accounts.permissions``)."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission

from motcua.accounts.permissions import can


def needs(action: str) -> type[BasePermission]:
    """The caller may do ``action`` (a superuser may do anything)."""

    class Needs(BasePermission):
        def has_permission(self, request, view) -> bool:
            return can(request.user, action)

    Needs.__name__ = f"Needs[{action}]"
    return Needs


class PublicReadsMixin:
    """Reads are public; writes need ``write_action``. (AllowAny on reads also tells the OpenAPI
    schema that reading needs no credentials.)"""

    write_action: str

    def get_permissions(self):
        if self.request is not None and self.request.method in SAFE_METHODS:
            return [AllowAny()]
        return [needs(self.write_action)()]
