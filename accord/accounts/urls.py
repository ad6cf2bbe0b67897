from django.contrib.auth import views as auth_views
from django.urls import path

from accord.accounts import views
from accord.accounts.forms import SetPasswordForm

urlpatterns = [
    path("login/", views.login, name="accord-login"),
    path("logout/", views.logout, name="accord-logout"),
    path("account/", views.account, name="accord-account"),
    path("account/password/", views.password_change, name="accord-password-change"),
    path("account/tokens/<id:token_id>/revoke/", views.token_revoke, name="accord-token-revoke"),
    path("password-reset/", views.password_reset, name="accord-password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_sent.html",
        ),
        name="accord-password-reset-sent",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=SetPasswordForm,
            success_url="/password-reset/done/",
        ),
        name="accord-password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_done.html",
        ),
        name="accord-password-reset-done",
    ),
]
