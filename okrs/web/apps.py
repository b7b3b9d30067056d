from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "okrs.web"
    label = "web"
