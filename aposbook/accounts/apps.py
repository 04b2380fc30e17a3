from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aposbook.accounts"

    def ready(self) -> None:
        from aposbook.lib.pagecache import MEMBERS, shown_on_pages

        from .models import User
        from .moderated import ReportableKind, register_kind

        # Members' names, roles and states show beside everything they wrote: a change to an
        # account rebuilds those pages (rare); a log-in, a new password or a new account
        # (shown nowhere yet) does not.
        shown_on_pages(
            User, lambda user: (MEMBERS,), ignore=("last_login", "password"), new_rows_show=False
        )

        # A member's public profile (their name, credentials, profession) can be reported.
        register_kind(
            ReportableKind(key="profile", label="public profile", model=User, where=_where)
        )


def _where(user: object) -> str:
    return "Public profile"
