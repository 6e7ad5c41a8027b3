from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "phone", "is_active", "is_staff"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "full_name", "email", "phone", "id_number"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("motcua"), {"fields": ["full_name", "kind", "phone", "id_number"]}),
    ]
