from django.apps import AppConfig


class AlignmentConfig(AppConfig):
    name = "accord.alignment"
    label = "alignment"
    verbose_name = "Practice 1: align objectives and strategies"
