from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from aposbook.lib.visibility import Moderated

from . import registry

# How long a deleted account can still be restored before its personal data is purged.
RESTORE_WINDOW = timedelta(days=30)
DELETED_MEMBER = "deleted member"


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    EXPERT = "expert", "Health expert"
    MODERATOR = "moderator", "Moderator"
    STAFF = "staff", "Staff"


class UserQuerySet(models.QuerySet["User"]):
    def live(self) -> "UserQuerySet":
        """Accounts in use: not deactivated, deleted or purged."""
        return self.filter(is_active=True, deleted_at__isnull=True, purged_at__isnull=True)

    def profiles_for(self, viewer: "User | AnonymousUser") -> "UserQuerySet":
        """Accounts whose public profile `viewer` may open: live ones with a confirmed
        address, and the viewer's own. Anyone can sign up under any name and address: an
        account nobody confirmed is nobody's yet, and the site shows it to no one else but
        the moderators (their list of members links every live account)."""
        from allauth.account.models import EmailAddress

        if viewer.is_authenticated and viewer.is_moderator:
            return self.live()
        confirmed = Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
        return self.live().filter(Q(pk=viewer.pk) | Q(confirmed))

    def restorable(self, now: datetime | None = None) -> "UserQuerySet":
        """Deleted accounts still inside the restore window (`User.can_be_restored`)."""
        now = now or timezone.now()
        return self.filter(deleted_at__gt=now - RESTORE_WINDOW, purged_at__isnull=True)

    def due_for_purge(self, now: datetime | None = None) -> "UserQuerySet":
        """Deleted accounts past the restore window whose personal data is still here."""
        now = now or timezone.now()
        return self.filter(deleted_at__lte=now - RESTORE_WINDOW, purged_at__isnull=True)


# Module level, and BaseUserManager from its own module: the way the django-stubs mypy plugin
# can see that the manager has the queryset's methods.
_UserManagerBase = BaseUserManager.from_queryset(UserQuerySet)


class UserManager(_UserManagerBase["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: object) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        """The operator's account (`manage.py createsuperuser`, the shell): its address counts
        as confirmed, since whoever runs the command owns the site, and the site refuses to
        log in an account without a confirmed address."""
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.STAFF)
        with transaction.atomic(using=self.db):
            user = self._create(email, password, **fields)
            user.mark_email_verified()
        return user

    def get_by_natural_key(self, email: str | None) -> "User":
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin, Moderated):
    """A person with an account. The email address is the login, unique whatever its case.

    Its public profile is reportable: a moderator may hide it (`Moderated`)."""

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(max_length=80, blank=True)
    credentials = models.CharField(
        max_length=80, blank=True, help_text='Professional credentials, such as "MS, RD".'
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    profession = models.CharField(max_length=120, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the member deleted the account."
    )
    purged_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the personal data was removed for good."
    )
    reply_emails = models.BooleanField(
        "Email me when someone replies in a discussion I follow",
        default=True,
        help_text="At most one email a day for each discussion.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.pk])

    def moderated_text(self) -> str:
        """What the member wrote about themself on their public profile."""
        return "\n".join(
            part for part in [self.display_name, self.credentials, self.profession] if part
        )

    def moderated_author(self) -> "User":
        return self

    @property
    def moderated_author_id(self) -> int | None:
        return self.pk

    @property
    def public_name(self) -> str:
        """The name the public sees: a deleted member's content stays, without their name."""
        if self.is_deleted:
            return DELETED_MEMBER
        return self.display_name or self.email.split("@")[0]

    @property
    def byline(self) -> str:
        """The name as shown on articles: "Jane Doe, MS, RD"."""
        if self.credentials and not self.is_deleted:
            return f"{self.public_name}, {self.credentials}"
        return self.public_name

    @property
    def is_expert(self) -> bool:
        """Shown as a health expert: the role, or a moderator or staff member whose
        application was approved (they keep their role; the credentials say they are one)."""
        if self.is_deleted:
            return False
        return self.role == Role.EXPERT or (
            self.role in {Role.MODERATOR, Role.STAFF} and bool(self.credentials)
        )

    @property
    def is_moderator(self) -> bool:
        return self.role in {Role.MODERATOR, Role.STAFF} or self.is_superuser

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def has_public_profile(self) -> bool:
        """Whether /members/<id>/ shows this account: the rule of `UserQuerySet.live()`."""
        return self.is_active and self.deleted_at is None and self.purged_at is None

    @property
    def restore_deadline(self) -> datetime | None:
        return self.deleted_at + RESTORE_WINDOW if self.deleted_at else None

    def can_be_restored(self, now: datetime | None = None) -> bool:
        return (
            self.deleted_at is not None
            and self.purged_at is None
            and (now or timezone.now()) < self.deleted_at + RESTORE_WINDOW
        )

    @cached_property
    def active_suspension(self) -> Any:
        """The suspension in force now, if any (one that has reached its end lifts itself).

        Suspensions belong to moderation, a layer above; the reverse relation uses their
        own manager, so the rule of what is in force stays there."""
        if not self.pk:
            return None
        return self.suspensions.in_force().order_by("-created_at").first()

    @cached_property
    def has_verified_email(self) -> bool:
        from allauth.account.models import EmailAddress

        return EmailAddress.objects.filter(user=self, verified=True).exists()

    def mark_email_verified(self) -> None:
        """Record the account's address as confirmed and primary without an emailed link: for
        accounts the operator makes on the command line."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )
        self.__dict__.pop("has_verified_email", None)

    def wait_for_own_writes(self) -> None:
        """Lock the member's row until the transaction ends: their other writes in flight
        (the same reply sent twice at once) wait here, then see what this one stored. Each
        app's duplicate check runs after this, in the transaction that stores."""
        list(User.objects.select_for_update().filter(pk=self.pk).values_list("pk", flat=True))

    def refusal(self) -> str | None:
        """Why this member may not use member features now, or None if they may.

        Every member feature asks this one question; `aposbook.accounts.gate` shows the answer.
        """
        if not self.is_active or self.is_deleted:
            return "inactive"
        if not self.has_verified_email:
            return "unverified"
        if self.active_suspension is not None:
            return "suspended"
        return None

    def can_post(self) -> bool:
        return self.refusal() is None

    def is_new_member(self, now: datetime | None = None) -> bool:
        """New members are slowed down and their first link waits for a moderator
        (`aposbook.accounts.limits`): accounts younger than NEW_MEMBER_HOURS, and accounts
        whose writing nobody has kept yet. Writing is kept once it has stayed up for
        KEPT_AFTER_HOURS, or when someone else answered it or found it helpful. Experts,
        moderators and staff were vetted and are never new members."""
        if self.is_expert or self.is_moderator or self.is_staff_member:
            return False
        now = now or timezone.now()
        if now - self.date_joined < timedelta(hours=settings.NEW_MEMBER_HOURS):
            return True
        up_since = now - timedelta(hours=settings.KEPT_AFTER_HOURS)
        return not registry.has_kept_writing(self, up_since=up_since)

    def is_editor(self) -> bool:
        """Health experts, moderators and staff in good standing: they read page feedback and
        look at where members' experience and the research disagree."""
        # The role first: it costs no query, and most readers are not editors.
        return (self.is_expert or self.is_moderator or self.is_staff) and self.can_post()

    def can_moderate(self) -> bool:
        return self.can_post() and self.is_moderator

    def can_suggest_edits(self) -> bool:
        """Experts and members in good standing propose changes to the library's texts;
        a member's proposal is labelled a member suggestion."""
        return self.can_post()

    def can_contribute_media(self) -> bool:
        """Health experts (and editors) in good standing write articles and submit videos."""
        return self.can_post() and (self.is_expert or self.is_moderator)

    def can_publish(self) -> bool:
        """Editors of the library (moderators and staff in good standing) accept or refuse
        proposals, publish, archive and restore."""
        return self.can_moderate()

    @property
    def is_staff_member(self) -> bool:
        """Staff in the site's sense (the role, or a superuser), not Django's admin flag."""
        return self.role == Role.STAFF or self.is_superuser

    def can_suspend(self, member: "User") -> bool:
        """Moderators suspend members and experts; only staff suspend moderators and staff,
        only a superuser suspends a superuser, and nobody suspends themself."""
        if not self.can_moderate() or member.pk == self.pk:
            return False
        if member.is_superuser:
            return self.is_superuser
        if member.is_moderator:
            return self.is_staff_member
        return True
