from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    verbose_name = _("One-stop shop")
    default_auto_field = "django.db.models.BigAutoField"
