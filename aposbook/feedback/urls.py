from django.urls import path

from aposbook.library.urls import TOPIC

from . import views

app_name = "feedback"
urlpatterns = [
    path(f"{TOPIC}feedback/", views.topic_feedback, name="topic_feedback"),
    path(f"{TOPIC}feedback/send/", views.send_feedback, name="send_feedback"),
    path("feedback/", views.all_feedback, name="all_feedback"),
]
