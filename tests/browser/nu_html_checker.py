"""The Nu HTML checker (W3C's vnu.jar, from npm's `vnu-jar`) as a web service on 127.0.0.1.

One Java process serves every browser test: starting a JVM per page would take longer than
the tests themselves. The process starts when the browser tests start and is waited for only
when the first page is checked, so that Java warms up while chromium starts.
"""

import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

STARTUP_TIMEOUT = 180  # seconds: the first start reads the HTML schema, slow on a busy machine
REQUEST_TIMEOUT = 60


@dataclass(frozen=True)
class HtmlError:
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "the document"
        extract = " ".join(self.extract.split())
        return f"{where}: {self.message}" + (f" [{extract}]" if extract else "")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NuHtmlChecker:
    def __init__(self, *, java: Path, jar: Path, log_path: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log: IO[bytes] = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                str(java),
                "-cp",
                str(jar),
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self._ready = False

    def errors(self, html: str) -> list[HtmlError]:
        """The errors the checker finds in a whole HTML document (warnings are not errors)."""
        self._wait_until_ready()
        request = urllib.request.Request(
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            messages: list[dict[str, Any]] = json.load(response)["messages"]
        return [
            HtmlError(
                line=message.get("lastLine"),
                message=message.get("message", ""),
                extract=message.get("extract", ""),
            )
            for message in messages
            # "non-document-error": the checker could not check at all, which must not pass.
            if message.get("type") in ("error", "non-document-error")
        ]

    def _wait_until_ready(self) -> None:
        if self._ready:
            return
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the Nu HTML checker stopped (exit code {self.process.returncode}); "
                    f"its output is in {self.log_path}"
                )
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=5):
                    self._ready = True
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(
            f"the Nu HTML checker did not answer within {STARTUP_TIMEOUT} s; "
            f"its output is in {self.log_path}"
        )

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
