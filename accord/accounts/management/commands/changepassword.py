import getpass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accord.accounts.services import user_password_set


class Command(BaseCommand):
    """Replaces Django's own `changepassword` (accounts is listed before django.contrib.auth),
    so that a password set from the command line also revokes tokens and ends sessions."""

    help = (
        "Set a user's password: `accord changepassword EMAIL`. Their API tokens are revoked "
        "and their sessions end."
    )
    requires_migrations_checks = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email {email}.")
        for _ in range(3):
            password = getpass.getpass("New password: ")
            if password != getpass.getpass("New password (again): "):
                self.stderr.write("The passwords do not match.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            user_password_set(user=user, password=password)
            self.stdout.write(f"Password of {user.email} changed; their tokens are revoked.")
            return
        raise CommandError("Too many attempts: the password is unchanged.")
