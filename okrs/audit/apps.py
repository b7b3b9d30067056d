from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "okrs.audit"
    label = "audit"

    def ready(self) -> None:
        from okrs.audit import signals  # noqa: F401  (connects the security log's receivers)
