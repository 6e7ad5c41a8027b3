"""Domain errors: a machine code for integrators and a Vietnamese message for people.

Services raise these; the API turns them into ``{"code", "message", "fields"}`` with a 4xx status,
and pages show the message. Nothing else should reach a user as an error.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was changed."""

    status_code = 400
    code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        if status:
            self.status_code = status
        self.fields = fields or {}
        self.headers: dict[str, str] = {}  # extra response headers (Retry-After)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "fields": {k: [str(m) for m in v] for k, v in self.fields.items()},
        }


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"


def field_error(field: str, message: str | Promise, code: str = "invalid") -> DomainError:
    """A refusal about one field, the message repeated under its name."""
    return DomainError(message, code=code, fields={field: [str(message)]})


def required(field: str, message: str | Promise) -> DomainError:
    """A refusal for a field left empty: ``message`` says what to give."""
    return DomainError(message, code="required", fields={field: [_("This field is required.")]})


def already_used(field: str, message: str | Promise, code: str) -> Conflict:
    """A number (or another identifier) already given to another row."""
    return Conflict(message, code=code, fields={field: [_("Already used.")]})
