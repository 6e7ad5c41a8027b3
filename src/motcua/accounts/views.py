from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.accounts.permissions import ROLE_ACTIONS, active_roles


@require_GET
@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The officer's start page: where they hold which role, and what that lets them do."""
    roles = [
        {"role": r, "actions": sorted(ROLE_ACTIONS.get(r.role, ()))}
        for r in active_roles(request.user)
    ]
    return render(request, "accounts/workspace.html", {"roles": roles})
