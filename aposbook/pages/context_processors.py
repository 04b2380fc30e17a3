from django.conf import settings
from django.http import HttpRequest

from aposbook.lib.seo import canonical_url

DEFAULT_DESCRIPTION = (
    "Natural solutions for health conditions: graded evidence, expert articles, videos and "
    "members' experience."
)


def site(request: HttpRequest) -> dict[str, str]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_DOMAIN": settings.SITE_DOMAIN,
        "SUPPORT_EMAIL": settings.SUPPORT_EMAIL,
        "DEFAULT_DESCRIPTION": DEFAULT_DESCRIPTION,
        # Every page names its one public address (without tracking parameters).
        "CANONICAL_URL": canonical_url(request),
    }
