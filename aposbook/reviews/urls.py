from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("solutions/<slug:slug>/reviews/", views.review_list, name="reviews"),
    path("solutions/<slug:slug>/reviews/new/", views.write_review, name="write_review"),
    path("reviews/<int:review_id>/edit/", views.edit_review_view, name="edit_review"),
    path("reviews/<int:review_id>/delete/", views.delete_review_view, name="delete_review"),
    path("reviews/<int:review_id>/vote/", views.vote, name="vote"),
    path("experts/disagreements/", views.disagreements, name="disagreements"),
]
