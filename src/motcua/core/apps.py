from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from motcua.core import checks, reference  # noqa: F401 - checks register themselves

        # After every migrate: the reference stamp's triggers, any a table rebuild dropped.
        post_migrate.connect(reference.after_migrate, sender=self)
