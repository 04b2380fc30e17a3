from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aposbook.accounts"

    def ready(self) -> None:
        from .models import User
        from .moderated import ReportableKind, register_kind

        # A member's public profile (their name, credentials, profession) can be reported.
        register_kind(
            ReportableKind(key="profile", label="public profile", model=User, where=_where)
        )


def _where(user: object) -> str:
    return "Public profile"
