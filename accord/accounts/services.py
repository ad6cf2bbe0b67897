"""Users and API tokens."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import ApiToken, User, hash_token


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


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned here and never again."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:10], token_hash=hash_token(raw)
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def api_token_user(raw: str) -> User | None:
    """The active user behind a raw token, noting when the token was last used."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Written at most once a minute so that a busy client does not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
