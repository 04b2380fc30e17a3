"""Discussions, questions and answers, and page feedback (namespace `community`)."""

from django.urls import path

from .views import discussions, feedback, questions

TOPIC = "topics/<str:kind>/<slug:slug>/"

urlpatterns = [
    # Discussions
    path(f"{TOPIC}discussions/", discussions.topic_threads, name="topic_threads"),
    path(f"{TOPIC}discussions/new/", discussions.new_thread, name="new_thread"),
    path(f"{TOPIC}follow/", discussions.follow_topic, name="follow_topic"),
    path(f"{TOPIC}unfollow/", discussions.unfollow_topic, name="unfollow_topic"),
    path("discussions/<int:thread_id>/", discussions.thread_detail, name="thread"),
    path("discussions/<int:thread_id>/reply/", discussions.reply, name="reply"),
    path("discussions/<int:thread_id>/follow/", discussions.follow_thread, name="follow_thread"),
    path(
        "discussions/<int:thread_id>/unfollow/",
        discussions.unfollow_thread,
        name="unfollow_thread",
    ),
    path("posts/<int:post_id>/", discussions.post_link, name="post"),
    path("posts/<int:post_id>/edit/", discussions.edit_post, name="edit_post"),
    path("unsubscribe/<str:token>/", discussions.unsubscribe, name="unsubscribe"),
    # Questions and answers
    path(f"{TOPIC}questions/", questions.topic_questions, name="topic_questions"),
    path(f"{TOPIC}questions/new/", questions.ask, name="ask"),
    path("questions/<int:question_id>/", questions.question_detail, name="question"),
    path("questions/<int:question_id>/answer/", questions.answer, name="answer"),
    path("answers/<int:answer_id>/edit/", questions.edit_answer, name="edit_answer"),
    path("answers/<int:answer_id>/vote/", questions.vote, name="vote"),
    path("answers/<int:answer_id>/accept/", questions.accept, name="accept"),
    # Feedback
    path(f"{TOPIC}feedback/", feedback.topic_feedback, name="topic_feedback"),
    path(f"{TOPIC}feedback/send/", feedback.send_feedback, name="send_feedback"),
    path("feedback/", feedback.all_feedback, name="feedback"),
]
