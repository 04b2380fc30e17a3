"""An email backend for the two-server test: Django's file backend, with each file named
after the process that sent it, so the test can tell the worker's emails from the web
servers'. Every process of the test uses it (EMAIL_BACKEND), as they would share SMTP."""

import os
import uuid
from typing import Any

from django.core.mail.backends import filebased

MAILBOX_VARIABLE = "TWO_SERVERS_MAILBOX"


class ProcessStampedFileBackend(filebased.EmailBackend):
    """Writes each batch of messages to $TWO_SERVERS_MAILBOX/<sender's pid>-<random>.eml."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["file_path"] = os.environ[MAILBOX_VARIABLE]
        super().__init__(*args, **kwargs)

    def _get_filename(self) -> str:
        if self._fname is None:
            self._fname = os.path.join(self.file_path, f"{os.getpid()}-{uuid.uuid4().hex}.eml")
        return self._fname
