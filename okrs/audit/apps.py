from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "okrs.audit"
    label = "audit"
