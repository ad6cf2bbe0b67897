from django.apps import AppConfig


class MemosConfig(AppConfig):
    """A minimal partnership record type, to test the shared record rules before practices."""

    name = "tests.memos"
    label = "memos"
