"""Staff and their roles in the admin.

A superuser manages every account as Django's own admin does. An agency's administrator manages
the officers of its agency and of the agencies under it, and nothing that would widen anyone's
powers beyond that: no superuser, staff or group flag and no model permission is on their form; an
officer who also holds a role elsewhere, and every superuser, is out of their hands; they never
give or change a role of their own; and they give no role carrying a province-wide power they do
not hold themselves (``scopes.grantable_roles``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.admin_scope import ScopedAdmin
from motcua.accounts.models import User
from motcua.accounts.scopes import grantable_roles
from motcua.agencies.models import Agency, Role, StaffRole


class OfficerCreationForm(UserCreationForm):
    """A new officer is created together with their first role, so they are in the agency's
    hands from the first moment (an account with no role is the superuser's)."""

    full_name = forms.CharField(label=_("full name"), max_length=255)
    agency = forms.ModelChoiceField(label=_("agency"), queryset=Agency.objects.none())
    role = forms.ChoiceField(label=_("role"), choices=())

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username"]


def role_choices(user) -> list[tuple[str, str]]:
    allowed = grantable_roles(user)
    return [(value, label) for value, label in Role.choices if value in allowed]


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "email", "phone", "id_number"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("motcua"), {"fields": ["full_name", "kind", "phone", "id_number"]}),
    ]
    # What an agency's administrator sees: the person and the account, no powers.
    officer_fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "email", "phone", "id_number"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    officer_add_fieldsets = [
        (None, {"fields": ["username", "full_name", "password1", "password2", "agency", "role"]})
    ]

    def may_change_row(self, request, obj) -> bool:
        if obj.is_superuser:  # only a superuser touches a superuser, its password included
            return self._is_superuser(request)
        return super().may_change_row(request, obj)

    def get_list_filter(self, request):
        return self.list_filter if self._is_superuser(request) else ["is_active"]

    def get_fieldsets(self, request, obj=None):
        if self._is_superuser(request):
            return super().get_fieldsets(request, obj)
        return self.officer_add_fieldsets if obj is None else self.officer_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if self._is_superuser(request):
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None and not self._is_superuser(request):
            kwargs["form"] = OfficerCreationForm
            form = super().get_form(request, obj, change=change, **kwargs)
            form.base_fields["agency"].queryset = Agency.objects.filter(
                pk__in=self.reach(request) or ()
            )
            form.base_fields["role"].choices = role_choices(request.user)
            return form
        return super().get_form(request, obj, change=change, **kwargs)

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        if isinstance(form, OfficerCreationForm):
            obj.kind = User.Kind.OFFICER
            obj.full_name = form.cleaned_data["full_name"]
            obj.is_staff = obj.is_superuser = False
            obj.save()
            StaffRole.objects.create(
                user=obj, agency=form.cleaned_data["agency"], role=form.cleaned_data["role"]
            )
            self.check_saved(request, obj)
            return
        super().save_model(request, obj, form, change)


class StaffRoleForm(forms.ModelForm):
    class Meta:
        model = StaffRole
        fields = ["user", "agency", "unit", "role", "valid_from", "valid_to"]

    def clean(self) -> dict:
        data = super().clean()
        unit, agency = data.get("unit"), data.get("agency")
        if unit is not None and agency is not None and unit.agency_id != agency.pk:
            self.add_error("unit", _("The unit belongs to another agency."))
        return data


@admin.register(StaffRole)
class StaffRoleAdmin(ScopedAdmin):
    form = StaffRoleForm
    list_display = ["user", "role", "agency", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__code"]
    autocomplete_fields = ["user", "agency", "unit"]

    def may_change_row(self, request, obj) -> bool:
        if not self._is_superuser(request) and obj.user_id == request.user.pk:
            return False  # nobody widens or keeps their own powers
        return super().may_change_row(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not self._is_superuser(request):
            kwargs["queryset"] = self.manageable_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not self._is_superuser(request):
            kwargs["choices"] = [("", "---------"), *role_choices(request.user)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def manageable_users(self, request):
        """The accounts the caller may give a role to: not their own, none a superuser, and
        none holding a role in an agency out of the caller's hands."""
        user_admin = self.admin_site._registry[User]
        reach = self.reach(request) or set()
        outside = StaffRole.objects.exclude(agency__in=reach).values("user")
        return (
            user_admin.get_queryset(request)
            .exclude(pk=request.user.pk)
            .exclude(is_superuser=True)
            .exclude(pk__in=outside)
        )

    def save_model(self, request, obj, form, change) -> None:
        own = obj.user_id == request.user.pk
        if not self._is_superuser(request) and (
            own or obj.role not in grantable_roles(request.user)
        ):
            raise PermissionDenied
        super().save_model(request, obj, form, change)
