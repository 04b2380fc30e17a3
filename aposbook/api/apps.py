from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aposbook.api"
    verbose_name = "Open read API"
