from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ucj.accounts"
    label = "accounts"
