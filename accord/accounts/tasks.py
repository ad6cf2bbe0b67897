"""Background jobs of accounts: they take ids, and mint any secret link themselves."""

from django_tasks import task


@task()
def send_password_reset(request_id: int) -> None:
    from accord.accounts.services import password_reset_mail

    password_reset_mail(request_id=request_id)
