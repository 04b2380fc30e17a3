"""Writes over HTTP through the whole request: post a review, a helpful vote, a reply.

Run by bench/http_ratio.py against the gunicorn it measures, with the tasks that
bench/http_members.py prepared. Each writer first opens the page holding the form, as a
browser does, and keeps the CSRF cookie and the form's token (untimed); then each write is
one timed POST, from sending it to reading the whole answer, refused unless it succeeded as
a browser would see it: a redirect after a review or a reply, the votes' fragment after an
htmx vote. The benchmark then checks in the database that each write stored one row.
"""

from __future__ import annotations

import html
import http.client
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

GOAL_MEDIAN_MS = 50.0
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STORY = (
    "Benchmark review number {n}: stand-in text written by the HTTP benchmark, describing "
    "no one's real experience, long enough for the form's minimum length."
)
REPLY = (
    "Benchmark reply number {n}: stand-in text written by the HTTP benchmark so that every "
    "reply differs from the others and is stored as a new post."
)


@dataclass
class Timings:
    label: str
    milliseconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def p99(self) -> float:
        if len(self.milliseconds) < 2:
            return max(self.milliseconds)
        return statistics.quantiles(self.milliseconds, n=100, method="inclusive")[-1]

    @property
    def passes(self) -> bool:
        return self.median <= GOAL_MEDIAN_MS


def form_token(page: str) -> str:
    """The CSRF token of the first form on `page`."""
    found = CSRF_FIELD.search(page)
    if not found:
        raise SystemExit("No CSRF token on the form page: is the member logged in?")
    return html.unescape(found.group(1))


def cookies_set(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Name → value of each cookie an answer sets (secure or not: the bench speaks plain
    HTTP to a server that marks its cookies secure, so it keeps them itself)."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


class Member:
    """One member's browser: their cookies, and a kept-alive connection to the site."""

    def __init__(self, base: str, session_cookie: str) -> None:
        address = urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        name, _, value = session_cookie.partition("=")
        self.cookies = {name: value}
        self.tokens: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, str]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        text = response.read().decode()
        self.cookies.update(cookies_set(response.getheaders()))
        return response.status, text

    def token(self, form_page: str) -> str:
        """The CSRF token from the page holding the form, read once per page."""
        if form_page not in self.tokens:
            status, page = self.request("GET", form_page)
            if status != 200:
                raise SystemExit(f"GET {form_page} answered {status}, not the form page")
            self.tokens[form_page] = form_token(page)
        return self.tokens[form_page]

    def post(self, path: str, fields: dict[str, str], *, htmx: bool = False) -> tuple[int, float]:
        """POST a form; the status and the milliseconds from sending to the answer's end."""
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        status, _ = self.request("POST", path, urlencode(fields), headers)
        return status, (time.perf_counter() - started) * 1000


def timed_writes(
    base: str,
    label: str,
    tasks: list[dict],
    write: Callable[[Member, dict, int], tuple[int, float]],
    expected: int,
) -> Timings:
    members: dict[str, Member] = {}
    timings = Timings(label)
    for n, task in enumerate(tasks):
        member = members.setdefault(task["cookie"], Member(base, task["cookie"]))
        status, milliseconds = write(member, task, n)
        if status != expected:
            raise SystemExit(f"{label} number {n} answered {status}, not {expected}: {task}")
        timings.milliseconds.append(milliseconds)
    return timings


def post_review(member: Member, task: dict, n: int) -> tuple[int, float]:
    path = f"/solutions/{task['solution']}/reviews/new/"
    form_page = f"{path}?{urlencode({'condition': task['condition']})}"
    fields = {
        "csrfmiddlewaretoken": member.token(form_page),
        "condition": task["condition"],
        "effectiveness": str(1 + n % 10),
        "side_effects": "none",
        "side_effects_text": "",
        "solution_form": "",
        "dose": "",
        "duration": "1-3-months",
        "recommends": "yes" if n % 3 else "no",
        "story": STORY.format(n=n),
    }
    return member.post(path, fields)


def post_vote(member: Member, task: dict, n: int) -> tuple[int, float]:
    """A helpful vote as the page's htmx sends it (the votes' fragment comes back)."""
    fields = {
        "csrfmiddlewaretoken": member.token(task["form_page"]),
        "helpful": "yes" if n % 4 else "no",
        "next": "",
    }
    return member.post(f"/reviews/{task['review_id']}/vote/", fields, htmx=True)


def post_reply(member: Member, task: dict, n: int) -> tuple[int, float]:
    thread = f"/discussions/{task['thread_id']}/"
    fields = {"csrfmiddlewaretoken": member.token(thread), "body": REPLY.format(n=n)}
    return member.post(f"{thread}reply/", fields)


def run_writes(base: str, plan: dict) -> list[Timings]:
    """Every prepared write, kind by kind."""
    return [
        timed_writes(base, "post a review", plan["reviews"], post_review, expected=302),
        timed_writes(base, "helpful vote (htmx)", plan["votes"], post_vote, expected=200),
        timed_writes(base, "reply in a discussion", plan["replies"], post_reply, expected=302),
    ]


def table(results: list[Timings]) -> str:
    lines = [
        "| write | writes | median | p99 | goal | verdict |",
        "|---|---|---|---|---|---|",
    ]
    for timings in results:
        lines.append(
            f"| {timings.label} | {len(timings.milliseconds)} | {timings.median:.1f} ms "
            f"| {timings.p99:.1f} ms | median <= {GOAL_MEDIAN_MS:.0f} ms "
            f"| {'pass' if timings.passes else 'FAIL'} |"
        )
    return "\n".join(lines)
