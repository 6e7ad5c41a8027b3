from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.accounts import oidc
from motcua.accounts.forms import ProfileForm, SignUpForm
from motcua.accounts.permissions import ROLE_ACTIONS, active_roles


@require_GET
@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The officer's start page: where they hold which role, and what that lets them do.
    Applicants have theirs on the portal."""
    if request.user.is_applicant:
        return redirect("portal:mine")
    roles = [
        {"role": r, "actions": sorted(ROLE_ACTIONS.get(r.role, ()))}
        for r in active_roles(request.user)
    ]
    return render(request, "accounts/workspace.html", {"roles": roles})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A citizen's or a business's account, signed in at once."""
    if request.user.is_authenticated:
        return redirect("workspace")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="motcua.accounts.backends.IdentifierBackend")
        messages.success(request, _("Your account is ready."))
        return redirect("portal:mine")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/signup.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


class SignInView(LoginView):
    """Password sign-in, with the external identity provider's button when one is configured."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["eid_label"] = settings.OIDC_LABEL if oidc.enabled() else ""
        return context
