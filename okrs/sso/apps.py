from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "okrs.sso"
    label = "sso"
    verbose_name = "Single sign-on"
