"""Forms of practice 4's pages: one per operation."""

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from accord.communication.models import Cadence, CadenceKind, Comment, Meeting, Minutes, Update
from accord.core import access
from accord.core.access import PartnershipAccess
from accord.core.forms import PageRecordForm, RecordForm, choose_from
from accord.core.models import Party, TeamMember

LOCAL_TIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ZONE_HELP = "An IANA time zone, e.g. Europe/Berlin, America/New_York or UTC."


def _cadences(grant: PartnershipAccess, kind: str) -> Any:
    return access.records_in(grant, Cadence.objects.filter(kind=kind))


class WallClockForm(PageRecordForm):
    """`starts_at` as typed: a wall-clock time in the form's `time_zone`, not the page's (an
    edit starts from the saved time as its zone reads it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        saved = self.instance
        if isinstance(saved, Cadence | Meeting) and saved.pk is not None:
            zone = ZoneInfo(saved.time_zone)
            self.initial["starts_at"] = timezone.make_naive(saved.starts_at, zone)

    def clean_starts_at(self) -> Any:
        typed = self.cleaned_data["starts_at"]
        return timezone.make_naive(typed) if typed is not None else typed


class CadenceForm(WallClockForm):
    class Meta:
        model = Cadence
        fields = ["title", "kind", "rule", "starts_at", "time_zone", "visibility"]
        widgets = {"starts_at": LOCAL_TIME}
        help_texts = {
            "rule": "An RFC 5545 rule: FREQ=WEEKLY (weekly), FREQ=WEEKLY;INTERVAL=2;BYDAY=TU "
            "(every second Tuesday), FREQ=MONTHLY;BYDAY=1MO (first Monday), "
            "FREQ=MONTHLY;INTERVAL=3 (quarterly).",
            "time_zone": ZONE_HELP,
        }


class PersonChoiceField(forms.ModelMultipleChoiceField):
    """Team members of the parties, named by name and organization (never email)."""

    def label_from_instance(self, obj: TeamMember) -> str:  # type: ignore[override]
        return f"{obj.user.public_name} ({obj.party.organization.name})"


class MeetingForm(WallClockForm):
    attendees = PersonChoiceField(
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "cadence",
            "starts_at",
            "time_zone",
            "duration_minutes",
            "location",
            "agenda",
            "visibility",
        ]
        widgets = {"starts_at": LOCAL_TIME, "agenda": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"time_zone": ZONE_HELP}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        seats = (
            TeamMember.objects.filter(party__partnership=grant.partnership)
            .select_related("user", "party__organization")
            .order_by("party_id", "user__full_name", "id")
        )
        choose_from(self, "cadence", _cadences(grant, CadenceKind.MEETING))
        choose_from(self, "attendees", seats)
        if isinstance(self.instance, Meeting) and self.instance.pk is not None:
            attending = set(self.instance.attendees.values_list("party_id", "user_id"))
            self.initial["attendees"] = [
                seat.pk for seat in seats if (seat.party_id, seat.user_id) in attending
            ]

    def clean_attendees(self) -> list[int]:
        return [seat.user_id for seat in self.cleaned_data["attendees"]]


class MinutesForm(RecordForm):
    class Meta:
        model = Minutes
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}


class MinutesEditForm(MinutesForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return obj.organization.name


class ActionItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    receiver_party_id = PartyChoiceField(
        queryset=Party.objects.none(),
        required=False,
        label="Promised to",
        empty_label="The partnership as a whole",
    )

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from(self, "receiver_party_id", parties)

    def clean_receiver_party_id(self) -> int | None:
        party = self.cleaned_data["receiver_party_id"]
        return party.pk if party else None


class UpdateForm(PageRecordForm):
    class Meta:
        model = Update
        fields = ["title", "cadence", "progress", "challenges", "opportunities", "asks"]
        widgets = {section: forms.Textarea(attrs={"rows": 3}) for section in Update.SECTIONS}

    def __init__(self, *args: Any, grant: PartnershipAccess, **kwargs: Any) -> None:
        super().__init__(*args, grant=grant, **kwargs)
        choose_from(self, "cadence", _cadences(grant, CadenceKind.UPDATE))


class AcknowledgeForm(forms.Form):
    reply = forms.CharField(
        max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), label="Comment"
    )


class CommentEditForm(PageRecordForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"text": "Comment"}


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
