"""Users, passwords and API tokens."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accord.accounts.models import (
    ApiToken,
    PasswordResetRequest,
    TokenScope,
    User,
    hash_token,
)
from accord.lib.jobs import enqueue_with_data


def user_create(*, email: str, password: str | None = None, full_name: str = "") -> User:
    """A new account; without a password it can only sign in after a password reset."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    users = get_user_model().objects
    if users.filter(email__iexact=email).exists():
        raise ValidationError({"email": f"An account for {email} already exists."})
    if password:
        validate_password(password)
    return users.create_user(email=email, password=password, full_name=full_name.strip())


def api_token_create(
    *,
    user: User,
    name: str = "",
    scope: str = TokenScope.WRITE,
    expires_in: timedelta | None = None,
) -> tuple[ApiToken, str]:
    """A new API token, read-only or read-write, that expires after `expires_in` (never if
    None); the raw value is returned here and never again."""
    if scope not in TokenScope.values:
        raise ValidationError({"scope": f"Choose one of {', '.join(TokenScope.values)}."})
    if expires_in is not None and expires_in <= timedelta(0):
        raise ValidationError({"expires_in": "A token must expire in the future."})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=raw[:10],
        token_hash=hash_token(raw),
        scope=scope,
        expires_at=None if expires_in is None else timezone.now() + expires_in,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_tokens_revoke_all(*, user: User) -> int:
    """Every active token of the user stops working; returns how many."""
    return ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())


def user_password_set(*, user: User, password: str | None) -> None:
    """Set (reset or change) the password, or make it unusable (None). Every surface that sets
    one calls this: reset, Django admin, `accord changepassword`.

    The user's API tokens are revoked, and their sessions end: Django ties a session to the
    password hash, so every session but one the caller renews (`update_session_auth_hash`)
    stops working. Whoever knew the old password, or held a token, is out."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        api_tokens_revoke_all(user=user)


def user_deactivate(*, user: User) -> None:
    """The account can no longer sign in, and its API tokens are revoked (they stay revoked
    if the account is activated again)."""
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        api_tokens_revoke_all(user=user)


# How stale `last_used_at` may be: a busy client must not turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The usable token (not revoked, not expired, of an active user) behind a raw value, with
    its user; notes when it was last used, at most once a minute."""
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    stale = now - LAST_USED_PRECISION
    if token.last_used_at is None or token.last_used_at <= stale:
        # Conditional, so that of simultaneous requests only one writes.
        with transaction.atomic():
            ApiToken.objects.filter(
                Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk
            ).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- Password reset ---------------------------------------------------------------------------
def password_reset_request(*, email: str, client: str) -> bool:
    """Ask for a reset email to `email`; False (and no email) when over the throttle.

    The same work whether or not an account exists: a request row and a job, which looks the
    account up, mints the link and sends it. Limits per address (no mailbox flooded) and per
    client (no address enumerated in bulk), counted in the database so that every web process
    sees them. A burst of simultaneous requests may pass the limit by a few: it is a throttle."""
    email = email.strip().lower()
    client = client[:64]
    since = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_THROTTLE_WINDOW)
    recent = PasswordResetRequest.objects.filter(created_at__gte=since)
    if (
        recent.filter(email=email).count() >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS
        or recent.filter(client=client).count() >= settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    ):
        return False
    from accord.accounts.tasks import send_password_reset

    with transaction.atomic():
        request = PasswordResetRequest.objects.create(email=email, client=client)
        enqueue_with_data(send_password_reset, request.pk)
    return True


def password_reset_mail(*, request_id: int) -> bool:
    """Handle one reset request once: mint the link and email it if an active account has the
    address (also one without a password yet: `accord user create` relies on it). True if an
    email went out. The request row is locked and marked, so a job run twice sends once."""
    with transaction.atomic():
        request = PasswordResetRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None or request.handled_at is not None:
            return False
        request.handled_at = timezone.now()
        request.save(update_fields=["handled_at"])
        window = timedelta(seconds=settings.PASSWORD_RESET_THROTTLE_WINDOW)
        PasswordResetRequest.objects.filter(created_at__lt=request.handled_at - window).delete()
        user = User.objects.filter(email__iexact=request.email, is_active=True).first()
        if user is None:
            return False
        path = reverse(
            "accord-password-reset-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        # From the configured address, never from a request's Host header.
        context = {"email": user.email, "url": settings.BASE_URL + path}
        send_mail(
            subject=render_to_string("accounts/email/password_reset_subject.txt").strip(),
            message=render_to_string("accounts/email/password_reset.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    return True
