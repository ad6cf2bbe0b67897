from django.urls import path

from accord.core import views

urlpatterns = [
    path("", views.home, name="accord-home"),
    path("glossary/", views.glossary, name="accord-glossary"),
    path("partnerships/", views.partnerships, name="accord-partnerships"),
    path("partnerships/new/", views.partnership_new, name="accord-partnership-new"),
    path("partnerships/<id:pk>/", views.partnership, name="accord-partnership"),
    path("partnerships/<id:pk>/edit/", views.partnership_edit, name="accord-partnership-edit"),
    path(
        "partnerships/<id:pk>/invite/", views.partnership_invite, name="accord-partnership-invite"
    ),
    path(
        "partnerships/<id:pk>/invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="accord-partnership-invitation-revoke",
    ),
    path(
        "partnerships/<id:pk>/invitations/<id:invitation_id>/resend/",
        views.invitation_resend,
        name="accord-partnership-invitation-resend",
    ),
    path(
        "partnerships/<id:pk>/invitations/<id:invitation_id>/link/",
        views.invitation_link,
        name="accord-partnership-invitation-link",
    ),
    path(
        "partnerships/<id:pk>/welcome/dismiss/",
        views.welcome_dismiss,
        name="accord-partnership-welcome-dismiss",
    ),
    path(
        "partnerships/<id:pk>/parties/<id:party_id>/team/", views.team_add, name="accord-team-add"
    ),
    path(
        "partnerships/<id:pk>/team/<id:member_id>/role/", views.team_role, name="accord-team-role"
    ),
    path("partnerships/<id:pk>/proposals/new/", views.proposal_new, name="accord-proposal-new"),
    path(
        "partnerships/<id:pk>/proposals/<id:proposal_id>/approve/",
        views.proposal_approve_view,
        name="accord-proposal-approve",
    ),
    path(
        "partnerships/<id:pk>/proposals/<id:proposal_id>/decline/",
        views.proposal_decline_view,
        name="accord-proposal-decline",
    ),
    path(
        "partnerships/<id:pk>/proposals/<id:proposal_id>/withdraw/",
        views.proposal_withdraw_view,
        name="accord-proposal-withdraw",
    ),
    path(
        "partnerships/<id:pk>/team/<id:member_id>/remove/",
        views.team_remove,
        name="accord-team-remove",
    ),
    path("invitations/<str:token>/", views.invitation, name="accord-invitation"),
    path(
        "invitations/<str:token>/signup/",
        views.invitation_signup,
        name="accord-invitation-signup",
    ),
    path(
        "invitations/<str:token>/new-organization/",
        views.invitation_new_organization,
        name="accord-invitation-new-organization",
    ),
    path(
        "invitations/confirmed/<id:signup_id>/",
        views.invitation_confirmed,
        name="accord-invitation-confirmed",
    ),
    path(
        "invitations/confirmed/<id:signup_id>/new-organization/",
        views.invitation_confirmed_new_organization,
        name="accord-invitation-confirmed-new-organization",
    ),
    path("signup/<str:token>/", views.signup_confirm, name="accord-signup-confirm"),
    path("orgs/", views.organizations, name="accord-orgs"),
    path("orgs/new/", views.organization_new, name="accord-org-new"),
    path("orgs/<slug:slug>/", views.organization, name="accord-org"),
    path("orgs/<slug:slug>/invite/", views.organization_invite, name="accord-org-invite"),
    path(
        "orgs/<slug:slug>/invitations/<id:invitation_id>/revoke/",
        views.member_invitation_revoke,
        name="accord-org-invitation-revoke",
    ),
    path(
        "orgs/<slug:slug>/invitations/<id:invitation_id>/resend/",
        views.member_invitation_resend,
        name="accord-org-invitation-resend",
    ),
    path(
        "orgs/<slug:slug>/members/<id:member_id>/role/",
        views.member_role,
        name="accord-member-role",
    ),
    path(
        "orgs/<slug:slug>/members/<id:member_id>/remove/",
        views.member_remove,
        name="accord-member-remove",
    ),
    path("join/<str:token>/", views.organization_join, name="accord-org-join"),
]
