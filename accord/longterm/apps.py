from django.apps import AppConfig


class LongtermConfig(AppConfig):
    name = "accord.longterm"
    label = "longterm"
    verbose_name = "Practice 6: focus on long-term success"
