"""How allauth fits Aposbook: its emails leave through our background queue, sign-up saves
the display name, a confirmation link carries the page the new member was heading to, and
its rate limits count per client the way ours do, under a hash of the address. Every link
it emails starts with SITE_URL: allauth would take the request's Host header, which the
client writes, and a forged one would send a reset key to another site."""

from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags

from aposbook.lib.client import hashed_client_ip
from aposbook.lib.emails import email_context, queue_email
from aposbook.lib.seo import absolute

from .models import User


def public_url(url: str) -> str:
    """`url` (absolute or a path) on the site's public address, SITE_URL."""
    parts = urlsplit(url)
    return absolute(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's email as usual, then send it in the background after commit.
        Its links (`activate_url`, `password_reset_url`, `signup_url`…) go to SITE_URL."""
        request = allauth_context.request
        links = {
            name: public_url(value)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str)
        }
        ctx = email_context(
            **{
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                "expire_days": allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
                **context,
                **links,
            }
        )
        message = self.render_mail(template_prefix, email, ctx)
        text, html = message.body, ""
        if message.content_subtype == "html":
            text, html = strip_tags(message.body), message.body
        for body, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = body
        queue_email(subject=message.subject, text=text, html=html, to=list(message.to))

    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "")
        if commit:
            user.save()
        return user

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        """When the sign-up came from a members-only page, the link leads back to it: straight
        away in the same browser, through the log-in page in another one."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = get_next_redirect_url(request) if request is not None else None
        if next_url:
            login_url = f"{reverse('account_login')}?next={quote(next_url, safe='/')}"
            url = f"{url}?{urlencode({'next': login_url})}"
        return public_url(url)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return public_url(super().get_reset_password_from_key_url(key))

    def get_password_change_redirect_url(self, request: HttpRequest) -> str:
        """Back to the settings the member came from, where "Your password has been changed."
        shows (allauth would show the form again)."""
        return reverse("accounts:settings")

    def get_client_ip(self, request: HttpRequest) -> str:
        """Who allauth's rate limits count: the client behind our proxies
        (`TRUSTED_PROXY_COUNT`; left to itself, allauth would see the proxy's address and
        count every visitor's log-ins against one limit), as a keyed hash, since allauth
        keeps what this returns in the cache and the site keeps no IP address anywhere."""
        return hashed_client_ip(request)
