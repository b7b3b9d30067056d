from django.apps import AppConfig


class MeasureConfig(AppConfig):
    name = "okrs.measure"
    default_auto_field = "django.db.models.BigAutoField"
