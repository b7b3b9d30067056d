from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "okrs.orgs"
    label = "orgs"
    verbose_name = "Organisations"
