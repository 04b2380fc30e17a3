"""What the two-server test runs: a fresh PostgreSQL database prepared as a deploy would,
two gunicorn servers and one `db_worker` on it and on one Redis, and visitors who reach
them the way a browser reaches them through the TLS-terminating load balancer."""

from __future__ import annotations

import email
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis
import requests

from bench.http_ratio import free_port, production_env
from tests.deploy.mailbox import MAILBOX_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The public name the load balancer answers to; every request carries it as its Host.
PUBLIC_HOST = "aposbook.test"
PUBLIC_ORIGIN = f"https://{PUBLIC_HOST}"
EMAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
# The staff account an operator creates on deploy (README, "First run").
STAFF_EMAIL = "staff@example.com"
STAFF_PASSWORD = "a long staff pass phrase 4 two servers"


class Timings:
    """How long each step of the start took, printed for docs/deploying.md's figures."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        began = time.monotonic()
        yield
        self.steps.append((step, time.monotonic() - began))

    def __str__(self) -> str:
        return "\n".join(f"{seconds:5.1f} s  {step}" for step, seconds in self.steps)


@dataclass
class Server:
    """One process the test started, with where its output goes."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"---- {self.name} (pid {self.process.pid}) ----\n" + "\n".join(
            text.splitlines()[-lines:]
        )


@dataclass
class Site:
    """Two web servers and a worker sharing one database, one Redis and one mailbox."""

    a: str
    b: str
    database_url: str
    mailbox: Path
    worker: Server
    web: list[Server]
    timings: Timings

    def sql(self, query: str, *params: object) -> list[tuple]:
        """Read the shared database directly, as an operator would with psql."""
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()  # type: ignore[arg-type]

    def web_pids(self) -> set[int]:
        """The gunicorn masters and their workers."""
        pids = set()
        for server in self.web:
            pid = server.process.pid
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            pids |= {pid, *map(int, children)}
        return pids

    def wait_for_email(self, to: str, timeout: float = 30) -> tuple[int, Message]:
        """The first email to `to` in the mailbox, with the pid of the process that sent it."""
        with self.timings(f"until the email to {to} is in the mailbox"):
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                for path in sorted(self.mailbox.glob("*.eml")):
                    for raw in path.read_bytes().split(EMAIL_SEPARATOR):
                        message = email.message_from_bytes(raw)
                        if to in (message["To"] or ""):
                            return int(path.name.split("-")[0]), message
                time.sleep(0.1)
        raise AssertionError(f"no email to {to} within {timeout:.0f} s\n{self.worker.log_tail()}")

    def memory(self) -> str:
        """Each process's PSS and USS (smaps_rollup), for docs/deploying.md's sizing."""
        rows = []
        for server in [*self.web, self.worker]:
            pid = server.process.pid
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            for role, each in [("master", pid), *(("worker", int(c)) for c in children)]:
                fields = {}
                for line in Path(f"/proc/{each}/smaps_rollup").read_text().splitlines()[1:]:
                    name, value, *_ = line.split()
                    fields[name.rstrip(":")] = int(value) / 1024
                uss = fields["Private_Clean"] + fields["Private_Dirty"]
                label = server.name if server is self.worker else f"{server.name} {role}"
                rows.append(f"{label:>16}: PSS {fields['Pss']:5.0f} MB, USS {uss:5.0f} MB")
        return "\n".join(rows)


def plain_text(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("the email has no plain-text part")


def database_beside(server_url: str, name: str) -> str:
    """The address of database `name` on the PostgreSQL server of `server_url`."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database, dropped afterwards whatever happened (its connections too)."""
    name = f"aposbook_two_servers_{secrets.token_hex(4)}"
    admin = database_beside(server_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_beside(server_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def own_cache_keys(redis_url: str) -> Iterator[str]:
    """A key prefix of this run's own; its keys are deleted afterwards."""
    prefix = f"aposbook_two_servers_{secrets.token_hex(4)}"
    try:
        yield prefix
    finally:
        client = redis.Redis.from_url(redis_url)
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise AssertionError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


@contextmanager
def started(name: str, command: list[str], env: dict[str, str], logs: Path) -> Iterator[Server]:
    """A process in the background, ended by its pid (SIGTERM, then SIGKILL) afterwards."""
    log = logs / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    server = Server(name, process, log)
    try:
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


def wait_until_healthy(server: Server, base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"{server.name} exited early\n{server.log_tail()}")
        try:
            response = requests.get(f"{base}/health/", headers={"Host": PUBLIC_HOST}, timeout=2)
            if response.status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{server.name} not healthy within {timeout:.0f} s\n{server.log_tail()}")


def deploy_environment(database_url: str, redis_url: str, prefix: str, mailbox: Path) -> dict:
    """What every process gets, as on real machines: the same settings and the same SECRET_KEY
    (sessions, CSRF and email confirmation keys are signed with it)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "TASKS_BACKEND"}
    }
    return {
        **inherited,
        **production_env(),
        # Production's default: the load balancer says the request came over HTTPS.
        "SECURE_SSL_REDIRECT": "1",
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "SITE_URL": PUBLIC_ORIGIN,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "tests.deploy.mailbox.ProcessStampedFileBackend",
        MAILBOX_VARIABLE: str(mailbox),
    }


@contextmanager
def two_servers_and_a_worker(postgres_url: str, redis_url: str, work: Path) -> Iterator[Site]:
    """Prepare a fresh database as a deploy does, then start two one-worker gunicorn servers
    and one db_worker on it; everything is stopped and dropped afterwards."""
    with ExitStack() as stack:
        database_url = stack.enter_context(fresh_database(postgres_url))
        prefix = stack.enter_context(own_cache_keys(redis_url))
        mailbox = work / "mailbox"
        mailbox.mkdir()
        env = deploy_environment(database_url, redis_url, prefix, mailbox)
        timings = Timings()
        with timings("deploy: migrate, load_demo, create_moderator (collectstatic alongside)"):
            prepare_database(env, stack, work)
        ports = [free_port(), free_port()]
        with timings("start two servers and the worker until both servers are healthy"):
            web = [
                stack.enter_context(
                    started(
                        f"web {name}",
                        [str(BIN / "gunicorn"), "aposbook.wsgi"],
                        {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
                        work,
                    )
                )
                for name, port in zip("AB", ports, strict=True)
            ]
            worker = stack.enter_context(
                started("db_worker", [str(BIN / "python"), "manage.py", "db_worker"], env, work)
            )
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            for server, base in zip(web, bases, strict=True):
                wait_until_healthy(server, base)
        site = Site(bases[0], bases[1], database_url, mailbox, worker, web, timings)
        try:
            yield site
        except BaseException:
            print("\n".join(server.log_tail() for server in [*web, worker]))
            raise
        print(f"\n{timings}\n{site.memory()}")


def prepare_database(env: dict[str, str], stack: ExitStack, work: Path) -> None:
    """A deploy's steps (README, "First run"); collecting static files needs no database,
    so it runs alongside the others."""
    python = str(BIN / "python")
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    collecting = stack.enter_context(started("collectstatic", collect, env, work))
    run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run([python, "manage.py", "load_demo", "-v", "0"], env)
    run(
        [python, "manage.py", "create_moderator", STAFF_EMAIL, "--name", "Sam", "--staff"],
        {**env, "MODERATOR_PASSWORD": STAFF_PASSWORD},
    )
    if collecting.process.wait(timeout=120):
        raise AssertionError(f"collectstatic failed\n{collecting.log_tail()}")


class Browser:
    """One visitor's browser, reaching either server as if through the load balancer.

    The load balancer terminates TLS and passes Host and X-Forwarded-Proto: https, so the
    site runs as in production (secure cookies, HTTPS-only CSRF checks) and is given the
    same headers here. The session and CSRF cookies are therefore `Secure`, and an HTTP
    client's cookie jar would never send them over the plain HTTP between the test and
    the servers: this browser keeps its cookies itself and sends them to both servers, as
    a real browser sends them to the one public address whichever server answers.
    """

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def headers(self) -> dict[str, str]:
        headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def keep_cookies(self, response: requests.Response) -> None:
        for header in response.raw.headers.getlist("Set-Cookie"):
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            expired = re.search(r";\s*max-age=0\b", header, re.IGNORECASE) or value in {'""', ""}
            if expired:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value

    def get(self, server: str, path: str, **headers: str) -> requests.Response:
        response = requests.get(
            server + path, headers=self.headers() | headers, allow_redirects=False, timeout=30
        )
        self.keep_cookies(response)
        return response

    def post(self, server: str, path: str, data: dict | list) -> requests.Response:
        """A form sent from a page of the site: same Origin, the CSRF token from the cookie."""
        headers = {
            **self.headers(),
            "Origin": PUBLIC_ORIGIN,
            "Referer": PUBLIC_ORIGIN + path,
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        response = requests.post(
            server + path, data=data, headers=headers, allow_redirects=False, timeout=30
        )
        self.keep_cookies(response)
        return response


class FormFields(HTMLParser):
    """The fields one form would send as a browser sends it: checked boxes, selected
    options, text areas' text; no buttons."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = found.get("id") == self.form_id
        if not self.inside or "disabled" in found:
            return
        name = found.get("name", "")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in found:
                return
            self.fields.append((name, found.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in found:
            self.fields.append((self.select, found.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = name, ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline that follows <textarea>.
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    assert parser.fields, f"no form #{form_id} on the page"
    return parser.fields
