"""Background jobs of the core: run by `accord worker`. They take ids, never secrets: a job's
arguments stay in the queue's table after it ran, so each job mints the link it mails."""

from django_tasks import task


@task()
def send_organization_invitation(invitation_id: int, generation: int) -> None:
    from accord.core.invitations import organization_invitation_mail

    organization_invitation_mail(invitation_id=invitation_id, generation=generation)


@task()
def send_partnership_invitation(invitation_id: int, generation: int) -> None:
    from accord.core.invitations import partnership_invitation_mail

    partnership_invitation_mail(invitation_id=invitation_id, generation=generation)


@task()
def send_invitation_signup(signup_id: int) -> None:
    from accord.core.invitations import invitation_signup_mail

    invitation_signup_mail(signup_id=signup_id)
