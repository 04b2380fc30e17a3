from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from aposbook.lib.visibility import require_listed

from . import registry, services
from .forms import (
    ChangeEmailForm,
    DeleteAccountForm,
    DisplayNameForm,
    EmailPreferencesForm,
    ResendVerificationForm,
    wait_message,
)
from .gate import AuthenticatedRequest, signed_in
from .models import User

DEADLINE_FORMAT = "j F Y, H:i T"


def _deadline(user: User) -> str:
    return format_date(timezone.localtime(user.restore_deadline), DEADLINE_FORMAT)


def _get_public_member(member_id: int, viewer: User | AnonymousUser) -> User:
    """A member whose profile `viewer` may see (`UserQuerySet.profiles_for`)."""
    member = User.objects.profiles_for(viewer).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member.")
    return member


def verification_sent(request: HttpRequest) -> HttpResponse:
    """Where sign-up (and a new link) lands: which address, and when to ask again."""
    email = services.verification_address(request)
    wait = services.verification_wait(email) if email else 0
    context = {
        "email": email,
        "wait_message": wait_message(wait) if wait else "",
        "form": ResendVerificationForm(),
    }
    return render(request, "account/verification_sent.html", context)


def resend_verification(request: HttpRequest) -> HttpResponse:
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.resend_verification(request, email=email)
        services.remember_verification_address(request, email)
        return redirect("account_email_verification_sent")
    return render(request, "accounts/resend.html", {"form": form})


def restore(request: HttpRequest) -> HttpResponse:
    """Asks the owner of a deleted account, just logged in, whether to bring it back."""
    member = services.user_offered_restore(request)
    if member is None:
        return redirect("account_login")
    if request.method == "POST":
        next_url = services.withdraw_restore_offer(request)
        if not services.restore_account(user=member):
            # The window closed (and the purge ran) while the question was on screen.
            return redirect("account_login")
        get_adapter(request).login(request, member)
        messages.success(request, "Welcome back! Your account has been restored.")
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/restore.html", {"member": member})


@require_POST
def restore_decline(request: HttpRequest) -> HttpResponse:
    member = services.user_offered_restore(request)
    if member is None:
        return redirect("account_login")
    services.withdraw_restore_offer(request)
    return render(request, "accounts/restore_declined.html", {"deadline": _deadline(member)})


@signed_in
def delete_account(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        member = request.user
        services.delete_account(user=member, password=form.cleaned_data["password"])
        logout(request)
        messages.success(
            request,
            "Your account has been deleted. If you change your mind, log in again before "
            f"{_deadline(member)} to restore it.",
        )
        return redirect("pages:home")
    return render(request, "accounts/delete.html", {"form": form})


@signed_in
def account_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = DisplayNameForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your display name has been saved.")
        return redirect("accounts:settings")
    context = {"form": form, "preferences": EmailPreferencesForm(instance=request.user)}
    return render(request, "accounts/settings.html", context)


@require_POST
@signed_in
def email_preferences(request: AuthenticatedRequest) -> HttpResponse:
    """The settings' email section, saved on its own form (a checkbox is always valid)."""
    form = EmailPreferencesForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Your email preferences have been saved.")
    return redirect(f"{reverse('accounts:settings')}#email-preferences")


@signed_in
def change_email(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for a link at the new address. The answer is the same whether or not another
    account has that address; only its owner's inbox tells."""
    form = ChangeEmailForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        services.request_email_change(user=request.user, email=email)
        messages.success(
            request,
            f"We have sent a link to {email}. Your email address changes when you click it; "
            f"until then, keep logging in with {request.user.email}.",
        )
        return redirect("accounts:settings")
    status = 400 if form.errors else 200
    return render(request, "accounts/change_email.html", {"form": form}, status=status)


def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the email: a GET asks (mail scanners open links), a POST changes. No
    need to be logged in: the link was sent to the new address, which is the proof."""
    change = services.read_email_change_token(token)
    if change is None:
        return render(request, "accounts/email_change_invalid.html", status=400)
    if request.method != "POST":
        context = {"change": change, "token": token}
        return render(request, "accounts/confirm_email_change.html", context)
    if not services.change_email(user=change.user, email=change.email):
        context = {"email": change.email}
        return render(request, "accounts/email_change_taken.html", context, status=409)
    if request.user.is_authenticated and request.user.pk == change.user.pk:
        messages.success(request, f"Your email address is now {change.email}.")
        return redirect("accounts:settings")
    messages.success(request, f"Your email address is now {change.email}. Log in with it.")
    return redirect("account_login")


# Everything we hold about the member: no shared cache or browser history may keep a copy.
@never_cache
@signed_in
def export_data(request: AuthenticatedRequest) -> JsonResponse:
    response = JsonResponse(
        services.export_user_data(user=request.user), json_dumps_params={"indent": 2}
    )
    filename = f"aposbook-data-{request.user.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def profile(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = request.user
    member = _get_public_member(member_id, viewer)
    require_listed(viewer, member)
    context = {
        "member": member,
        "can_suspend": viewer.is_authenticated and viewer.can_suspend(member),
        # A profile a moderator removed shows others nothing of the member's.
        **({} if member.is_removed_for(viewer) else registry.profile_sections(member, viewer)),
    }
    return render(request, "accounts/profile.html", context)
