"""Applicants' accounts: sign-up, profile and password reset by e-mail or phone (issue 5)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from motcua.accounts.backends import find_account
from motcua.core.sms import send_sms
from motcua.core.text import nfc, phone_digits

User = get_user_model()


def _clean_phone(value: str, *, account=None) -> str:
    if not value.strip():
        return ""
    phone = phone_digits(value)
    if len(phone) != 10 or not phone.startswith("0"):
        raise forms.ValidationError(_("A phone number has 10 digits, e.g. 0912345678."))
    taken = User.objects.filter(phone=phone)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise forms.ValidationError(_("An account with this phone number already exists."))
    return phone


def _clean_email(value: str, *, account=None) -> str:
    email = value.strip().lower()
    if not email:
        return ""
    taken = User.objects.filter(email__iexact=email)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise forms.ValidationError(_("An account with this e-mail address already exists."))
    return email


class SignUpForm(forms.Form):
    KINDS = [(User.Kind.CITIZEN, _("Citizen")), (User.Kind.BUSINESS, _("Business"))]

    kind = forms.ChoiceField(
        label=_("I am"), choices=KINDS, initial=User.Kind.CITIZEN, widget=forms.RadioSelect
    )
    full_name = forms.CharField(label=_("Full name (or the business's name)"), max_length=255)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    id_number = forms.CharField(
        label=_("ID number (or business code)"),
        max_length=20,
        required=False,
        help_text=_("12 digits for a person; filled in for you on each dossier."),
    )
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_email(self) -> str:
        return _clean_email(self.cleaned_data.get("email") or "")

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone") or "")

    def clean_id_number(self) -> str:
        return "".join((self.cleaned_data.get("id_number") or "").split())

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number: you sign in with either.")
            )
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(
                username=data.get("email") or data.get("phone") or "",
                email=data.get("email") or "",
                full_name=data.get("full_name") or "",
            )
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    def save(self) -> User:
        data = self.cleaned_data
        return User.objects.create_user(
            username=data["email"] or data["phone"],
            password=data["password1"],
            email=data["email"],
            phone=data["phone"],
            full_name=data["full_name"],
            kind=data["kind"],
            id_number=data["id_number"],
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "id_number", "address", "email", "phone"]

    def clean_full_name(self) -> str:
        return nfc(self.cleaned_data["full_name"])

    def clean_address(self) -> str:
        return nfc(self.cleaned_data.get("address") or "")

    def clean_email(self) -> str:
        return _clean_email(self.cleaned_data.get("email") or "", account=self.instance)

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone") or "", account=self.instance)

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Keep an e-mail address or a phone number: you sign in with either.")
            )
        return data


class IdentifierResetForm(PasswordResetForm):
    """The reset link goes to the e-mail address, or by SMS when the holder names a phone number
    (or the account has no e-mail). The page says the same whether or not the account exists."""

    email = forms.CharField(label=_("E-mail or phone number"), max_length=254)

    def get_users(self, email: str):
        account = find_account(email)
        if account is not None and account.is_active and account.has_usable_password():
            self._by_phone = "@" not in email or not account.email
            yield account

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        user = context["user"]
        if getattr(self, "_by_phone", False) and user.phone:
            body = loader.render_to_string("accounts/password_reset_sms.txt", context)
            send_sms(user.phone, body.strip())
        elif to_email:
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )
