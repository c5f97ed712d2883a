from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ucj.registry"
    verbose_name = "Beneficiary registry"
