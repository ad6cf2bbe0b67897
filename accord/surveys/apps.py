from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Perception: survey rounds in which each party's team answers Accord's statements about
    the six practices privately; results only aggregated per party, above a threshold."""

    name = "accord.surveys"
    label = "surveys"
    verbose_name = "Surveys"
