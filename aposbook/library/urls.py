from django.urls import path

from . import feeds, views
from .models import TopicKind

# The pages about a topic that other apps add: discussions, questions, feedback.
TOPIC = "topics/<str:kind>/<slug:slug>/"

app_name = "library"
urlpatterns = [
    path("library/", views.library_index, name="index"),
    path("conditions/", views.condition_index, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("solutions/", views.solution_index, name="solutions"),
    path("solutions/<slug:slug>/", views.solution_detail, name="solution"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("videos/<slug:slug>/", views.video_detail, name="video"),
    path("feeds/articles/", feeds.ArticlesFeed(), name="articles_feed"),
    path(
        "feeds/conditions/<slug:slug>/",
        feeds.TopicArticlesFeed(TopicKind.CONDITION),
        name="condition_feed",
    ),
    path(
        "feeds/solutions/<slug:slug>/",
        feeds.TopicArticlesFeed(TopicKind.SOLUTION),
        name="solution_feed",
    ),
]
