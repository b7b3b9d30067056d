from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "okrs.tokens"
    # The label the app had inside okrs.api: keeps the api_apitoken table and migrations.
    label = "api"
    verbose_name = "API tokens"
