from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        # Addresses are stored in lower case; people type them as they like.
        return self.cleaned_data["username"].lower()


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also for accounts that never had a password: `accord user create` without one relies
    on “Forgot your password?” for the first sign-in."""

    def get_users(self, email: str):
        return get_user_model().objects.filter(email__iexact=email, is_active=True)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, required=False, label="What it is for", help_text="e.g. “CRM sync”."
    )
