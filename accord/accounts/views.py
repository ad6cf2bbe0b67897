from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from accord.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
)
from accord.accounts.http import AuthedRequest
from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_create, api_token_revoke, password_reset_request
from accord.ops.net import client_address

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = auth_views.LogoutView.as_view()


@login_required
def account(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in=form.expires_in(),
        )
        form = ApiTokenForm()
    memberships = request.user.memberships.select_related("organization")
    response = render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_token": new_token,
            "memberships": memberships,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )
    add_never_cache_headers(response)  # a new token is shown once: no copy in any cache
    return response


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Token {token.prefix}… no longer works.")
    return redirect("accord-account")


THROTTLED = (
    "Too many password reset requests for this address or from your network. "
    "No email was sent: try again in an hour."
)


def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same whether or not the address has an account:
    the email is looked up, minted and sent by a background job."""
    form = PasswordResetRequestForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if password_reset_request(email=email, client=client_address(request)):
            return redirect("accord-password-reset-sent")
        form.add_error(None, THROTTLED)
        status = 429
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    """Change one's password: this session stays signed in, every other one and every API
    token stop working."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, request.user)
        messages.success(
            request,
            "Your password is changed. Your other sessions are signed out and your API tokens "
            "revoked: create new ones where you need them.",
        )
        return redirect("accord-account")
    return render(request, "accounts/password_change.html", {"form": form})
