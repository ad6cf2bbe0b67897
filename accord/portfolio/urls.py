from django.urls import path

from accord.portfolio import views

urlpatterns = [
    path("portfolio/", views.portfolio_home, name="accord-portfolio-home"),
    path("orgs/<slug:slug>/portfolio/", views.portfolio, name="accord-portfolio"),
    path("orgs/<slug:slug>/portfolio.csv", views.portfolio_csv, name="accord-portfolio-csv"),
]
