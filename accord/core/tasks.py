"""Background jobs of the core: run by `accord worker`, enqueued on commit."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from accord.core.models import OrganizationInvitation


@task()
def send_organization_invitation(invitation_id: int, token: str) -> None:
    invitation = OrganizationInvitation.objects.select_related("organization", "created_by").get(
        pk=invitation_id
    )
    if not invitation.is_open:
        return
    context = {
        "invitation": invitation,
        "url": settings.BASE_URL + reverse("accord-org-join", args=[token]),
    }
    send_mail(
        subject=f"You are invited to {invitation.organization} on Accord",
        message=render_to_string("core/email/organization_invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
