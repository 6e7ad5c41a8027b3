from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """An officer or a citizen/business account. Officers get their powers from staff roles."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Officer")
        CITIZEN = "citizen", _("Citizen")
        BUSINESS = "business", _("Business")
        SYSTEM = "system", _("Integrated system")

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    kind = models.CharField(
        _("account kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICER
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    id_number = models.CharField(
        _("personal ID number"),
        max_length=20,
        blank=True,
        help_text=_("Số định danh cá nhân (12 digits) or a business code."),
    )

    address = models.CharField(_("address"), max_length=500, blank=True)
    # The external identity provider's subject ("provider:sub") for accounts signed in there.
    eid_subject = models.CharField(max_length=255, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Either one signs a person in, so neither may belong to two accounts.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="unique_user_email"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="unique_user_phone"
            ),
        ]

    @property
    def is_applicant(self) -> bool:
        """A citizen's or a business's account (the portal), not an officer's."""
        return self.kind in (self.Kind.CITIZEN, self.Kind.BUSINESS)

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username
