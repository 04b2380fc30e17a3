"""Moderation routes that live outside /moderation/; included at the site root."""

from django.urls import path

from . import views

app_name = "experts"
urlpatterns = [
    path("experts/apply/", views.apply_expert, name="apply"),
]
