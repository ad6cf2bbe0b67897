from datetime import timedelta

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from accord.accounts.models import TokenScope
from accord.accounts.services import user_password_set


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them as they like.
        return self.cleaned_data["username"].lower()


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The reset's new password, set through the service: tokens and other sessions end."""

    def save(self, commit: bool = True):
        user_password_set(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The signed-in user's own change (old password first), through the same service."""

    def save(self, commit: bool = True):
        user_password_set(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class AdminPasswordChangeForm(auth_forms.AdminPasswordChangeForm):
    """The admin's password change, through the same service."""

    def save(self, commit: bool = True):
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data["password1"] if usable else None
        user_password_set(user=self.user, password=password)
        return self.user


# How long a new token lasts, in days (None: until revoked).
TOKEN_LIFETIMES = {"30": 30, "90": 90, "365": 365, "never": None}


class ApiTokenForm(forms.Form):
    """A new token; what is not chosen is the least: read-only, for 90 days."""

    name = forms.CharField(
        max_length=100, required=False, label="What it is for", help_text="e.g. “CRM sync”."
    )
    scope = forms.ChoiceField(
        choices=TokenScope.choices, required=False, initial=TokenScope.READ, label="Access"
    )
    expires = forms.ChoiceField(
        choices=[("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("never", "Never")],
        required=False,
        initial="90",
        label="Expires after",
    )

    def clean_scope(self) -> str:
        return self.cleaned_data["scope"] or TokenScope.READ

    def expires_in(self) -> timedelta | None:
        days = TOKEN_LIFETIMES[self.cleaned_data["expires"] or "90"]
        return None if days is None else timedelta(days=days)
