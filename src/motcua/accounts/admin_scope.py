"""The admin under the rule of ``accounts.scopes``: ``ScopedAdmin`` filters rows, answers the
permission questions row by row, limits the agencies and units a form may name, and checks after
every write that the row is still the caller's. ``ScopedAdminSite`` (the default admin site) puts
it under every registered admin, third-party ones included."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet

from motcua.accounts.scopes import Scope, may_look, row_agencies, scope_agencies, scope_of
from motcua.agencies.models import Agency, Unit


class ScopedAdmin(admin.ModelAdmin):
    """A model admin under the rule above; ``scope`` defaults to the model's entry in SCOPES."""

    scope: Scope | None = None

    def get_scope(self) -> Scope:
        return self.scope or scope_of(self.model)

    def reach(self, request) -> set[int] | None:
        cache = request.__dict__.setdefault("_admin_reach", {})
        scope = self.get_scope()
        if scope not in cache:
            cache[scope] = scope_agencies(request.user, scope)
        return cache[scope]

    def _is_superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    # -- rows -------------------------------------------------------------------------------
    def get_queryset(self, request) -> QuerySet:
        qs = super().get_queryset(request)
        scope, reach = self.get_scope(), self.reach(request)
        if reach is None or (scope.public and self._may_look(request)):
            return qs
        if not reach or not scope.agency:
            return qs.none()
        inside = Q()
        for path in scope.agency:
            inside |= Q(**{f"{path}__in": reach})
        return qs.filter(pk__in=self.model._default_manager.filter(inside).values("pk"))

    def may_change_row(self, request, obj) -> bool:
        """Every agency of the row is within the caller's reach (and it has one)."""
        reach = self.reach(request)
        if reach is None:
            return True
        scope = self.get_scope()
        if not reach or not scope.agency:
            return False
        agencies = row_agencies(self.model, obj.pk, scope)
        return bool(agencies) and agencies <= reach

    def _may_look(self, request) -> bool:
        if "_admin_may_look" not in request.__dict__:
            request._admin_may_look = may_look(request.user)
        return request._admin_may_look

    # -- permissions ------------------------------------------------------------------------
    def has_module_permission(self, request) -> bool:
        return self._is_superuser(request) or self.has_view_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        if self._is_superuser(request):
            return super().has_view_permission(request, obj)
        if self.get_scope().public and self._may_look(request):
            return True
        if not super().has_view_permission(request, obj) or self.reach(request) == set():
            return False
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request) -> bool:
        if self._is_superuser(request):
            return super().has_add_permission(request)
        return super().has_add_permission(request) and self.reach(request) != set()

    def has_change_permission(self, request, obj=None) -> bool:
        if self._is_superuser(request):
            return super().has_change_permission(request, obj)
        if not super().has_change_permission(request, obj) or self.reach(request) == set():
            return False
        return obj is None or self.may_change_row(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if self._is_superuser(request):
            return super().has_delete_permission(request, obj)
        if not self.get_scope().delete:
            return False
        if not super().has_delete_permission(request, obj) or self.reach(request) == set():
            return False
        return obj is None or self.may_change_row(request, obj)

    # -- writes -----------------------------------------------------------------------------
    def get_changeform_initial_data(self, request) -> dict:
        """The add form's values from the query, each only if its field can read it (the admin
        would fail on ``?agency=abc`` while drawing the form)."""
        initial = super().get_changeform_initial_data(request)
        kept = {}
        for name, value in initial.items():
            try:
                field = self.model._meta.get_field(name)
                if field.is_relation and not field.many_to_many:
                    field.target_field.to_python(value)
                elif not field.is_relation:
                    field.to_python(value)
            except (FieldDoesNotExist, ValidationError, ValueError, TypeError):
                continue
            kept[name] = value
        return kept

    def get_readonly_fields(self, request, obj=None):
        """An agency named on a row and out of the caller's hands stays as it is (an agency's
        administrator cannot move their agency under another parent)."""
        fields = list(super().get_readonly_fields(request, obj))
        reach = self.reach(request)
        if obj is None or reach is None or not self.get_scope().agency:
            return fields
        for field in self.model._meta.concrete_fields:
            if field.is_relation and field.related_model is Agency:
                current = getattr(obj, field.attname)
                if current is not None and current not in reach and field.name not in fields:
                    fields.append(field.name)
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        reach = self.reach(request)
        if reach is not None and self.get_scope().agency and "queryset" not in kwargs:
            if db_field.related_model is Agency:
                kwargs["queryset"] = Agency.objects.filter(pk__in=reach)
            elif db_field.related_model is Unit:
                kwargs["queryset"] = Unit.objects.filter(agency__in=reach)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self.check_saved(request, obj)

    def check_saved(self, request, obj) -> None:
        """After a write the row must still be the caller's; the admin's transaction then rolls
        back whatever a form let through."""
        if self._is_superuser(request):
            return
        scope = self.get_scope()
        reach = scope_agencies(request.user, scope)  # read again: the write may add an agency
        if reach is None:
            return
        agencies = row_agencies(self.model, obj.pk, scope)
        if not scope.agency or not agencies or not agencies <= reach:
            raise PermissionDenied

    def delete_queryset(self, request, queryset) -> None:
        if not self._is_superuser(request):
            for obj in queryset:
                if not self.has_delete_permission(request, obj):
                    raise PermissionDenied
        super().delete_queryset(request, queryset)


class ScopedAdminSite(admin.AdminSite):
    """The default admin site: whatever is registered is put under ``ScopedAdmin``."""

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedAdmin):
            admin_class = type(
                admin_class.__name__,
                (ScopedAdmin, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)
