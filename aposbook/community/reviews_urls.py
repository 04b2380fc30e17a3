from django.urls import path

from .views import reviews

urlpatterns = [
    path("solutions/<slug:slug>/reviews/", reviews.review_list, name="reviews"),
    path("solutions/<slug:slug>/reviews/new/", reviews.write_review, name="write_review"),
    path("reviews/<int:review_id>/edit/", reviews.edit_review_view, name="edit_review"),
    path("reviews/<int:review_id>/delete/", reviews.delete_review_view, name="delete_review"),
    path("reviews/<int:review_id>/vote/", reviews.vote, name="vote_review"),
    path("experts/disagreements/", reviews.disagreements, name="disagreements"),
]
