"""Account pages. Included before allauth's, so the paths under accounts/ that both know
(the "link sent" page, the email address page) are ours."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("accounts/confirm-email/", views.verification_sent, name="verification_sent"),
    path("accounts/verification/resend/", views.resend_verification, name="resend_verification"),
    path("accounts/restore/", views.restore, name="restore"),
    path("accounts/restore/decline/", views.restore_decline, name="restore_decline"),
    path("accounts/delete/", views.delete_account, name="delete"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/settings/export/", views.export_data, name="export"),
    path("accounts/settings/emails/", views.email_preferences, name="email_preferences"),
    # In place of allauth's page for managing several addresses: a member has one.
    path("accounts/email/", views.change_email, name="change_email"),
    path(
        "accounts/email/confirm/<str:token>/",
        views.confirm_email_change,
        name="confirm_email_change",
    ),
    path("members/<int:member_id>/", views.profile, name="profile"),
]
