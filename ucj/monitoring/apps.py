from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "ucj.monitoring"
    label = "monitoring"
