from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "ucj.audit"
    label = "audit"
