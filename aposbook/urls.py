from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("search/", include("aposbook.search.urls")),
    path("", include("aposbook.library.urls")),
    path("", include("aposbook.pages.urls")),
]
