from django.urls import path

from aposbook.library.urls import TOPIC

from . import views

app_name = "questions"
urlpatterns = [
    path(f"{TOPIC}questions/", views.topic_questions, name="topic_questions"),
    path(f"{TOPIC}questions/new/", views.ask, name="ask"),
    path("questions/<int:question_id>/", views.question_detail, name="question"),
    path("questions/<int:question_id>/edit/", views.edit_question, name="edit_question"),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("questions/<int:question_id>/answer-emails/", views.answer_emails, name="answer_emails"),
    path("questions/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("answers/<int:answer_id>/edit/", views.edit_answer, name="edit_answer"),
    path("answers/<int:answer_id>/vote/", views.vote, name="vote"),
    path("answers/<int:answer_id>/accept/", views.accept, name="accept"),
]
