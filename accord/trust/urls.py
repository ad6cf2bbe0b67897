from django.urls import path

from accord.trust import views

BASE = "partnerships/<id:pk>/trust/"
COMMITMENTS = f"{BASE}commitments/"
ITEMS = f"{BASE}items/"
CONCERNS = f"{BASE}concerns/"
ONE = "<id:record_id>/"

urlpatterns = [
    path(BASE, views.trust, name="accord-trust"),
    path(f"{BASE}verify/", views.history_verify, name="accord-trust-verify"),
    path(f"{COMMITMENTS}new/", views.commitment_new, name="accord-commitment-new"),
    path(f"{COMMITMENTS}{ONE}edit/", views.commitment_edit, name="accord-commitment-edit"),
    path(f"{COMMITMENTS}{ONE}delete/", views.commitment_delete, name="accord-commitment-delete"),
    path(f"{COMMITMENTS}{ONE}deliver/", views.commitment_deliver, name="accord-commitment-deliver"),
    path(f"{COMMITMENTS}{ONE}confirm/", views.commitment_confirm, name="accord-commitment-confirm"),
    path(f"{COMMITMENTS}{ONE}dispute/", views.commitment_dispute, name="accord-commitment-dispute"),
    path(
        f"{COMMITMENTS}{ONE}renegotiate/",
        views.commitment_renegotiate,
        name="accord-commitment-renegotiate",
    ),
    path(f"{COMMITMENTS}{ONE}break/", views.commitment_break, name="accord-commitment-break"),
    path(f"{ITEMS}new/", views.item_new, name="accord-item-new"),
    path(f"{ITEMS}{ONE}edit/", views.item_edit, name="accord-item-edit"),
    path(f"{ITEMS}{ONE}delete/", views.item_delete, name="accord-item-delete"),
    path(f"{ITEMS}{ONE}file/", views.item_download, name="accord-item-download"),
    path(f"{ITEMS}{ONE}read/", views.item_read, name="accord-item-read"),
    path(f"{CONCERNS}new/", views.concern_new, name="accord-concern-new"),
    path(f"{CONCERNS}{ONE}edit/", views.concern_edit, name="accord-concern-edit"),
    path(f"{CONCERNS}{ONE}delete/", views.concern_delete, name="accord-concern-delete"),
    path(f"{CONCERNS}{ONE}answer/", views.concern_answer, name="accord-concern-answer"),
    path(f"{CONCERNS}{ONE}close/", views.concern_close, name="accord-concern-close"),
    path(f"{CONCERNS}{ONE}reopen/", views.concern_reopen, name="accord-concern-reopen"),
]
