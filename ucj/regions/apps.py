from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "ucj.regions"
    label = "regions"
