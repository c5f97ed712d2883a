from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "ucj.submissions"
    label = "submissions"
