"""Background work of the accounts app, for the task worker or a scheduler."""

from django_tasks import task

from .services import purge_deleted_accounts


@task()
def purge_deleted_accounts_task() -> int:
    """Purge the accounts deleted more than 30 days ago; returns how many."""
    return purge_deleted_accounts()
