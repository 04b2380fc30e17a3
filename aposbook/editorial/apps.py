from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "aposbook.editorial"
