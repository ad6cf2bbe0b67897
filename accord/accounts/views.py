from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accord.accounts.forms import ApiTokenForm, LoginForm
from accord.accounts.http import AuthedRequest
from accord.accounts.models import ApiToken
from accord.accounts.services import api_token_create, api_token_revoke

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
        _, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    memberships = request.user.memberships.select_related("organization")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "new_token": new_token,
            "memberships": memberships,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, f"Token {token.prefix}… no longer works.")
    return redirect("accord-account")
