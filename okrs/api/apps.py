from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "okrs.api"
    label = "api"
    verbose_name = "API"
