from django.urls import path

from aposbook.library.urls import TOPIC

from . import feeds, views

app_name = "discussions"
urlpatterns = [
    path(f"{TOPIC}discussions/", views.topic_threads, name="topic_threads"),
    path(f"{TOPIC}discussions/new/", views.new_thread, name="new_thread"),
    path(f"{TOPIC}follow/", views.follow_topic, name="follow_topic"),
    path(f"{TOPIC}unfollow/", views.unfollow_topic, name="unfollow_topic"),
    path("discussions/<int:thread_id>/", views.thread_detail, name="thread"),
    path("feeds/discussions/<int:thread_id>/", feeds.ThreadFeed(), name="thread_feed"),
    path("discussions/<int:thread_id>/reply/", views.reply, name="reply"),
    path("discussions/<int:thread_id>/follow/", views.follow_thread, name="follow_thread"),
    path("discussions/<int:thread_id>/unfollow/", views.unfollow_thread, name="unfollow_thread"),
    path("posts/<int:post_id>/", views.post_link, name="post"),
    path("posts/<int:post_id>/edit/", views.edit_post, name="edit_post"),
    path("follows/<int:follow_id>/stop/", views.stop_following, name="stop_following"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
