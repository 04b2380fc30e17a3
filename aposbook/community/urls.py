from django.urls import include, path

app_name = "community"
urlpatterns = [
    path("", include("aposbook.community.reviews_urls")),
    path("", include("aposbook.community.discussions_urls")),
]
