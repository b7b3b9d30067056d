from django.apps import AppConfig


class BindingsConfig(AppConfig):
    name = "okrs.bindings"
    # The app lived in okrs/measure/ first: its label stays, so its tables
    # (measure_binding, ...), its migrations and their dependencies stay as they are.
    label = "measure"
    default_auto_field = "django.db.models.BigAutoField"
