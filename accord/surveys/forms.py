"""One form per page operation: opening a round, and answering it."""

from django import forms

from accord.lib.bounds import DATE_VALIDATORS
from accord.surveys.models import COMMENT_LENGTH, TITLE_LENGTH
from accord.surveys.services import Answer
from accord.surveys.statements import STATEMENTS

SCORE_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("", "Don't know")]


class RoundForm(forms.Form):
    title = forms.CharField(max_length=TITLE_LENGTH, help_text="e.g. “Spring check-in”.")
    closes_on = forms.DateField(
        label="Last day to answer",
        validators=DATE_VALIDATORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def score_field(key: str) -> str:
    return f"score:{key}"


def comment_field(key: str) -> str:
    return f"comment:{key}"


class AnswerForm(forms.Form):
    """Every statement: a score from 1 to 5 or "don't know", and an optional comment."""

    def __init__(self, *args: object, answers: dict[str, Answer] | None = None, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        answers = answers or {}
        for statement in STATEMENTS:
            given = answers.get(statement.key)
            self.fields[score_field(statement.key)] = forms.ChoiceField(
                label=statement.text,
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=str(given.score) if given and given.score else "",
            )
            self.fields[comment_field(statement.key)] = forms.CharField(
                label="Comment",
                required=False,
                max_length=COMMENT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 1}),
                initial=given.comment if given else "",
            )

    def answers(self) -> dict[str, Answer]:
        data = self.cleaned_data
        return {
            s.key: Answer(
                int(data[score_field(s.key)]) if data[score_field(s.key)] else None,
                data[comment_field(s.key)],
            )
            for s in STATEMENTS
        }
