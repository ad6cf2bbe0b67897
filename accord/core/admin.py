"""Operator views. Changes made here bypass the services and so the audit trail: the
partnership data itself is read-only in the admin; tenancy is editable for support work."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from accord.core.models import (
    InvitationSignup,
    Membership,
    Organization,
    OrganizationInvitation,
    Partnership,
    PartnershipInvitation,
    Party,
    TeamMember,
)


class MembershipInline(admin.TabularInline):
    """Read-only: roles grant access, so they change through Accord or `accord user create`,
    which write the audit trail."""

    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("user", "role", "created_at")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    inlines = [MembershipInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["name", "stage", "start_date", "review_cadence", "version", "updated_at"]
    list_filter = ["stage"]
    search_fields = ["name"]


@admin.register(Party)
class PartyAdmin(ReadOnlyAdmin):
    list_display = ["partnership", "organization", "joined_at"]


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ["party", "user", "role"]


@admin.register(PartnershipInvitation)
class PartnershipInvitationAdmin(ReadOnlyAdmin):
    list_display = [
        "partnership",
        "invitee_name",
        "invitee_email",
        "note",
        "created_by",
        "created_at",
        "expires_at",
        "status",
    ]
    exclude = ["token_hash"]


@admin.register(InvitationSignup)
class InvitationSignupAdmin(ReadOnlyAdmin):
    """Sign-ups waiting for their confirmation email; never the password's hash or the token."""

    list_display = ["email", "invitation", "created_at", "mailed_at", "completed_at"]
    exclude = ["password", "token_hash"]


@admin.register(OrganizationInvitation)
class OrganizationInvitationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "email", "role", "created_at", "expires_at", "state"]
