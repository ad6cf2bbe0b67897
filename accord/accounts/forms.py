from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, required=False, label="What it is for", help_text="e.g. “CRM sync”."
    )
