from django.urls import path

from accord.surveys import views

P = "partnerships/<id:pk>/surveys/"
ROUND = f"{P}<id:round_id>/"

urlpatterns = [
    path(P, views.surveys, name="accord-surveys"),
    path(f"{P}new/", views.survey_new, name="accord-survey-new"),
    path(ROUND, views.survey, name="accord-survey"),
    path(f"{ROUND}answer/", views.survey_answer, name="accord-survey-answer"),
    path(f"{ROUND}close/", views.survey_close, name="accord-survey-close"),
    path(f"{ROUND}results/", views.survey_results, name="accord-survey-results"),
]
