from django import forms

from accord.notifications.models import EmailChoice


class EmailPreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label="Email me my notifications",
        choices=EmailChoice.choices,
        widget=forms.RadioSelect,
    )
