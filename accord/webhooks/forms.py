from django import forms

from accord.webhooks.services import MAX_DESCRIPTION, MAX_URL


class WebhookForm(forms.Form):
    """Bounds and URL rules are the service's (400 on the API, field errors here)."""

    url = forms.CharField(
        label="URL",
        max_length=MAX_URL,
        help_text="https, on a public address. Accord POSTs each event there as signed JSON.",
    )
    description = forms.CharField(
        max_length=MAX_DESCRIPTION, required=False, help_text="What receives the events."
    )


class WebhookEditForm(WebhookForm):
    active = forms.BooleanField(
        required=False, help_text="Untick to pause deliveries; tick to enable a disabled one."
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
