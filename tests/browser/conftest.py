"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked with axe-core, without the test asking: before each
action that can leave or change a page (a click, typing, a key press, a navigation) and at
the end of the test, the page on screen is checked once, and the test fails on any
"serious" or "critical" violation. Pages outside the live server (a stand-in for an
external site) are not checked. `accessibility.check(page)` checks again on demand, for a
state that JavaScript built after the page loaded.
"""

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    Keyboard,
    Locator,
    Mouse,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import required

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = Path(os.environ.get("AXE_CORE_PATH") or ROOT / "node_modules/axe-core/axe.min.js")
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
FAILING_IMPACTS = ("serious", "critical")

# Actions before which the page on screen gets its accessibility check: everything that
# can navigate away or change the page. Reading and `expect` assertions are left alone.
CHECKED_ACTIONS: dict[type, tuple[str, ...]] = {
    Page: (
        "goto",
        "go_back",
        "go_forward",
        "reload",
        "close",
        "click",
        "dblclick",
        "fill",
        "press",
        "type",
        "check",
        "uncheck",
        "select_option",
        "tap",
        "set_input_files",
        "dispatch_event",
    ),
    Locator: (
        "click",
        "dblclick",
        "fill",
        "clear",
        "press",
        "press_sequentially",
        "type",
        "check",
        "uncheck",
        "set_checked",
        "select_option",
        "tap",
        "set_input_files",
        "dispatch_event",
    ),
    Keyboard: ("press", "type", "insert_text"),
    Mouse: ("click", "dblclick"),
}

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map(v => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map(node => node.target.join(" ")),
    }));
}"""

# The address of the document without its #fragment, in the page and in Python.
DOCUMENT = "location.origin + location.pathname + location.search"

REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@dataclass(frozen=True)
class Prerequisites:
    chromium: Path
    axe: Path


def _missing_prerequisite() -> str:
    if not CHROMIUM_PATH.exists():
        return (
            f"chromium not found at {CHROMIUM_PATH} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    if not AXE_PATH.exists():
        return f"axe-core not installed (needs npm): run `npm ci` to get {AXE_PATH}"
    return ""


@pytest.fixture(scope="package", autouse=True)
def browser_prerequisites() -> Prerequisites:
    """Skips every browser test when chromium or axe-core is missing, or fails them all
    when REQUIRE_BROWSER=1 (CI), so that a broken machine cannot pass by skipping."""
    missing = _missing_prerequisite()
    if missing and required("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER=1 but {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)
    return Prerequisites(chromium=CHROMIUM_PATH, axe=AXE_PATH)


@pytest.fixture(scope="package")
def playwright_driver(browser_prerequisites: Prerequisites) -> Iterator[Playwright]:
    # Playwright's sync API keeps an asyncio event loop running in the main thread, so
    # Django takes every test-thread query (fixtures, call_command, assertions on the
    # database) for a query from async code and raises SynchronousOnlyOperation. The test
    # code is synchronous all the same, so the check is switched off exactly while
    # Playwright runs: package scope stops Playwright when the browser tests are done.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    driver = sync_playwright().start()
    try:
        yield driver
    finally:
        driver.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(
    playwright_driver: Playwright, browser_prerequisites: Prerequisites
) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(
        executable_path=str(browser_prerequisites.chromium), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


def _document(url: str) -> str:
    return url.split("#", 1)[0]


def _settled(page: Page, work: Callable[[], Any]) -> Any:
    """Runs `work` once the page has loaded, again if the page navigated meanwhile."""
    for attempt in (1, 2):
        page.wait_for_load_state("load")
        try:
            return work()
        except PlaywrightError as error:
            if attempt == 2 or "context was destroyed" not in str(error):
                raise
    return None


def _is_local(url: str) -> bool:
    return urlsplit(url).hostname in LOCAL_HOSTS


def _local_only(route: Route) -> None:
    """The tests never reach the internet: a test that needs an external page fulfils
    that route itself with `page.route(...)`, which takes precedence over this one."""
    if _is_local(route.request.url):
        route.fallback()
    else:
        route.abort("blockedbyclient")


def _format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        lines.extend(f"    at {target}" for target in violation["targets"][:10])
        if len(violation["targets"]) > 10:
            lines.append(f"    … and {len(violation['targets']) - 10} more")
    return "\n".join(lines)


class Accessibility:
    """Runs axe-core once on every document the tests' pages show on the live server."""

    def __init__(self, *, browser: Browser, axe_path: Path, base_url: str) -> None:
        self.browser = browser
        self.axe_source = axe_path.read_text(encoding="utf-8")
        self.base_url = base_url
        self.pages: list[Page] = []
        self.without_javascript: set[int] = set()
        self.loaded: list[str] = []
        self.checked: list[str] = []
        self._busy = False

    def track(self, page: Page, *, javascript: bool) -> None:
        self.pages.append(page)
        if not javascript:
            self.without_javascript.add(id(page))
        page.on("load", lambda: self._loaded(page))

    def _loaded(self, page: Page) -> None:
        if self._shows_our_site(page):
            self.loaded.append(_document(page.url))

    def _shows_our_site(self, page: Page) -> bool:
        return not page.is_closed() and page.url.startswith(self.base_url)

    def check_pending(self) -> None:
        """Checks each open page whose current document has not been checked yet."""
        if self._busy:
            return
        for page in self.pages:
            if self._shows_our_site(page) and not self._already_checked(page):
                self.check(page)

    def _already_checked(self, page: Page) -> bool:
        # Keyed by address, so that a new page put in place by history.pushState (htmx)
        # counts as a new page, and following a #fragment link does not.
        return _settled(page, lambda: page.evaluate(f"() => window.__axeChecked === {DOCUMENT}"))

    def check(self, page: Page) -> None:
        """Runs axe-core on the page as it is now; fails on serious or critical violations."""
        self._busy = True
        try:
            violations = _settled(page, lambda: self._run_and_mark(page))
            self.checked.append(_document(page.url))
        finally:
            self._busy = False
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            raise AssertionError(_format_violations(page.url, failing))

    def _run_and_mark(self, page: Page) -> list[dict[str, Any]]:
        if id(page) in self.without_javascript:
            violations = self._run_in_twin(page)
        else:
            violations = self._run(page)
        page.evaluate(f"() => {{ window.__axeChecked = {DOCUMENT}; }}")
        return violations

    def _run(self, page: Page) -> list[dict[str, Any]]:
        # Evaluated rather than added as a <script>: a Content-Security-Policy cannot block it.
        page.evaluate(f"() => {{ if (!window.axe) {{ {self.axe_source}\n}} }}")
        return page.evaluate(RUN_AXE)

    def _run_in_twin(self, page: Page) -> list[dict[str, Any]]:
        """axe-core needs JavaScript, so a page shown without it is checked in a twin tab
        that gets the very same HTML at the same address, with the site's scripts blocked:
        JavaScript runs there for axe-core alone. (A <noscript> block is the one thing
        the twin cannot show.)"""
        context = self.browser.new_context(base_url=self.base_url)
        try:
            html = page.content()
            address = page.url

            def same_page(route: Route) -> None:
                request = route.request
                if request.is_navigation_request() and request.url == address:
                    route.fulfill(status=200, content_type="text/html", body=html)
                elif request.resource_type == "script" or not _is_local(request.url):
                    route.abort("blockedbyclient")
                else:
                    route.fallback()

            context.route("**/*", same_page)
            twin = context.new_page()
            twin.goto(address)
            return self._run(twin)
        finally:
            context.close()

    def finish(self) -> None:
        """At the end of a test: checks the last pages, then makes sure none was missed."""
        self.check_pending()
        missed = sorted(set(self.loaded) - set(self.checked))
        if missed:
            raise AssertionError(
                "These pages were shown but never checked with axe-core (the test left "
                "them by a way the checker does not watch; call accessibility.check(page) "
                f"before leaving): {', '.join(missed)}"
            )

    def screenshot_all(self, name: str) -> list[Path]:
        ARTIFACTS.mkdir(exist_ok=True)
        saved = []
        for number, page in enumerate(self.pages, start=1):
            if page.is_closed():
                continue
            path = ARTIFACTS / f"{name}-{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except PlaywrightError:  # a failed screenshot must not hide the real failure
                continue
            saved.append(path)
        return saved


def _checked_before(method: Callable[..., Any], checker: Accessibility) -> Callable[..., Any]:
    def action(self: Any, *args: Any, **kwargs: Any) -> Any:
        checker.check_pending()
        return method(self, *args, **kwargs)

    action.__name__ = method.__name__
    action.__doc__ = method.__doc__
    return action


@pytest.fixture
def accessibility(
    browser: Browser,
    browser_prerequisites: Prerequisites,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Accessibility:
    checker = Accessibility(
        browser=browser, axe_path=browser_prerequisites.axe, base_url=live_server.url
    )
    for cls, names in CHECKED_ACTIONS.items():
        for name in names:
            monkeypatch.setattr(cls, name, _checked_before(getattr(cls, name), checker))
    return checker


@pytest.fixture
def new_page(
    browser: Browser,
    live_server: Any,
    accessibility: Accessibility,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh context; `new_page(javascript=False)` for a reader without
    JavaScript. URLs are relative to the live server: `page.goto("/")`."""
    contexts = []

    def open_page(*, javascript: bool = True) -> Page:
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        context.route("**/*", _local_only)
        contexts.append(context)
        page = context.new_page()
        accessibility.track(page, javascript=javascript)
        return page

    yield open_page

    reports = request.node.stash.get(REPORTS, {})
    if any(report.failed for report in reports.values()):
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for path in accessibility.screenshot_all(name):
            print(f"screenshot: {path}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    # The last page of a test is checked here, in the test's own call phase, so that a
    # violation is reported as the test's failure (with a screenshot), not a teardown error.
    result = yield
    checker = getattr(item, "funcargs", {}).get("accessibility")
    if isinstance(checker, Accessibility):
        checker.finish()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report
