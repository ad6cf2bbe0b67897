from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accord.accounts.services import user_create, user_deactivate
from accord.core.models import Organization, Role
from accord.core.services import membership_set


class Command(BaseCommand):
    help = (
        "Manage users: `accord user create EMAIL --org SLUG [--role ROLE] [--password P]`. "
        "Without a password the person sets one through “Forgot your password?”. An existing "
        "user is added to the organization (or given the new role there). "
        "`accord user deactivate EMAIL` stops the account signing in and revokes its API tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user in an organization.")
        create.add_argument("email")
        create.add_argument("--org", required=True, help="The organization's slug.")
        create.add_argument("--role", choices=Role.values, default=Role.MEMBER)
        create.add_argument("--password", help="Initial password (else set by password reset).")
        create.add_argument("--name", default="", help="Full name.")
        deactivate = sub.add_parser("deactivate", help="Deactivate a user; revokes API tokens.")
        deactivate.add_argument("email")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "deactivate":
            return self.deactivate(options["email"])
        organization = Organization.objects.filter(slug=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with the slug “{options['org']}”.")
        existing = get_user_model().objects.filter(email__iexact=options["email"]).first()
        try:
            with transaction.atomic():
                user = existing or user_create(
                    email=options["email"], password=options["password"], full_name=options["name"]
                )
                membership_set(
                    organization=organization, user=user, role=options["role"], actor=None
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{user.email} is {options['role']} of {organization.slug}")

    def deactivate(self, email: str) -> None:
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email {email}.")
        user_deactivate(user=user)
        self.stdout.write(f"{user.email} is deactivated; their API tokens are revoked.")
