from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

# The admin has no log-in of its own: it sends visitors to the site's, with its rate limits
# and account lock (Django's admin log-in form would let anyone guess passwords unlimited).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    # Ours first: it overrides some allauth pages under /accounts/ and adds its own.
    path("", include("aposbook.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("moderation/", include("aposbook.moderation.urls")),
    path("", include("aposbook.moderation.public_urls")),
    path("search/", include("aposbook.search.urls")),
    path("", include("aposbook.api.urls")),
    path("", include("aposbook.reviews.urls")),
    path("", include("aposbook.discussions.urls")),
    path("", include("aposbook.questions.urls")),
    path("", include("aposbook.feedback.urls")),
    path("", include("aposbook.editorial.urls")),
    path("", include("aposbook.library.urls")),
    path("", include("aposbook.pages.urls")),
]

# Branded error pages; the CSRF failure page is `CSRF_FAILURE_VIEW` in settings.
handler400 = "aposbook.pages.views.bad_request"
handler403 = "aposbook.pages.views.permission_denied"
handler404 = "aposbook.pages.views.page_not_found"
handler500 = "aposbook.pages.views.server_error"
