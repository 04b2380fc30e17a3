from django.urls import path

from . import views

app_name = "moderation"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("log/", views.audit_log, name="audit_log"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/suspend/", views.suspend, name="suspend"),
    path("members/<int:member_id>/unsuspend/", views.unsuspend, name="unsuspend"),
    path("suspensions/", views.suspensions, name="suspensions"),
    path("queue/", views.queue, name="queue"),
    path("queue/<slug:kind>/<int:item_id>/decide/", views.decide_item, name="decide"),
    path("report/<slug:kind>/<int:item_id>/", views.report, name="report"),
    path("expert-applications/", views.expert_applications, name="expert_applications"),
    path(
        "expert-applications/<int:application_id>/approve/",
        views.approve_application,
        name="approve_application",
    ),
    path(
        "expert-applications/<int:application_id>/refuse/",
        views.refuse_application,
        name="refuse_application",
    ),
]
