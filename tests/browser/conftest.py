"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked, without the test asking: before each action that can
leave or change a page (a click, typing, a key press, a navigation) and at the end of the
test, the page on screen is checked once, and the test fails when

- axe-core finds a "serious" or "critical" accessibility violation;
- the Nu HTML checker finds an error in the HTML the server sent (the page's document, and
  each fragment htmx fetched into it);
- the page scrolls sideways on a 360 px wide phone (its `scrollWidth` is larger than its
  `clientWidth`): the page is narrowed to 360 px for the measure, then put back;
- the browser reported a Content Security Policy violation on the page (its
  `securitypolicyviolation` event, or the console's "Refused to …" message): the site's
  policy is on in every environment, so an inline script or style fails here first.

Pages outside the live server (a stand-in for an external site) are not checked.
`accessibility.check(page)` checks again on demand, for a state that JavaScript built after
the page loaded.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
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
    Response,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from tests.browser.nu_html_checker import HtmlError, NuHtmlChecker
from tests.conftest import required

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = Path(os.environ.get("AXE_CORE_PATH") or ROOT / "node_modules/axe-core/axe.min.js")
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")
JAVA_PATH = os.environ.get("JAVA_PATH") or shutil.which("java")
VNU_PATH = Path(os.environ.get("VNU_JAR_PATH") or ROOT / "node_modules/vnu-jar/build/dist/vnu.jar")
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
# A small phone: no page may scroll sideways at this width (WCAG's reflow asks for 320 px).
PHONE_WIDTH = 360

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

# How far the page reaches past the right edge, and which elements stick out: the outermost
# ones (their parent stays inside), leaving out those a scrolling box holds.
MEASURE_OVERFLOW = """() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) {
        return null;
    }
    const describe = element => {
        const names = [];
        for (let node = element; node && node !== document.body && names.length < 3;
             node = node.parentElement) {
            const id = node.id ? "#" + node.id : "";
            const classes = [...node.classList].map(name => "." + name).join("");
            names.unshift(node.tagName.toLowerCase() + id + classes);
        }
        return names.join(" > ");
    };
    const scrolls = element => getComputedStyle(element).overflowX !== "visible";
    const insideScrollingBox = element => {
        for (let node = element.parentElement; node && node !== document.body;
             node = node.parentElement) {
            if (scrolls(node)) {
                return true;
            }
        }
        return false;
    };
    const wide = [];
    for (const element of document.body.querySelectorAll("*")) {
        const right = element.getBoundingClientRect().right;
        const parent = element.parentElement;
        if (right > width + 0.5 && parent.getBoundingClientRect().right <= width + 0.5
                && !insideScrollingBox(element)) {
            wide.push(`${describe(element)} (right edge at ${Math.round(right)} px)`);
        }
    }
    return {scrollWidth: root.scrollWidth, clientWidth: width, wide: wide.slice(0, 10)};
}"""

# htmx fragments are checked as the body of a minimal document; this is its first line, so
# a fragment's line N is line N + 1 of what the checker reads.
FRAGMENT_HEAD = '<!doctype html><html lang="en"><head><title>htmx fragment</title></head><body>\n'

# Reports each CSP violation to Python (`report_csp_violation`) as the document sees it.
LISTEN_FOR_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", event => {
    window.reportCspViolation(
        `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} ` +
        `at ${event.sourceFile || event.documentURI}:${event.lineNumber}` +
        (event.sample ? ` (${event.sample})` : ""));
});"""

REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@dataclass(frozen=True)
class Prerequisites:
    chromium: Path
    axe: Path
    java: Path
    vnu: Path


def _missing_prerequisite() -> str:
    if not CHROMIUM_PATH.exists():
        return (
            f"chromium not found at {CHROMIUM_PATH} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    if not AXE_PATH.exists():
        return f"axe-core not installed (needs npm): run `npm ci` to get {AXE_PATH}"
    if not JAVA_PATH or not Path(JAVA_PATH).exists():
        return (
            "java not found, needed by the Nu HTML checker "
            "(apt-get install default-jre-headless, or set JAVA_PATH)"
        )
    if not VNU_PATH.exists():
        return f"the Nu HTML checker is not installed (needs npm): run `npm ci` to get {VNU_PATH}"
    return ""


@pytest.fixture(scope="package", autouse=True)
def browser_prerequisites() -> Prerequisites:
    """Skips every browser test when chromium, axe-core, java or the Nu HTML checker is
    missing, or fails them all when REQUIRE_BROWSER=1 (CI), so that a broken machine cannot
    pass by skipping."""
    missing = _missing_prerequisite()
    if missing and required("REQUIRE_BROWSER"):
        pytest.fail(f"REQUIRE_BROWSER=1 but {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)
    assert JAVA_PATH
    return Prerequisites(chromium=CHROMIUM_PATH, axe=AXE_PATH, java=Path(JAVA_PATH), vnu=VNU_PATH)


@pytest.fixture(scope="package")
def html_checker(browser_prerequisites: Prerequisites) -> Iterator[NuHtmlChecker]:
    """The Nu HTML checker, one Java process for all the browser tests."""
    checker = NuHtmlChecker(
        java=browser_prerequisites.java,
        jar=browser_prerequisites.vnu,
        log_path=ARTIFACTS / "nu-html-checker.log",
    )
    try:
        yield checker
    finally:
        checker.stop()


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


def _format_html_errors(source: str, errors: list[HtmlError]) -> str:
    lines = [f"the Nu HTML checker found {len(errors)} error(s) in {source}:"]
    lines.extend(f"- {error}" for error in errors[:20])
    if len(errors) > 20:
        lines.append(f"… and {len(errors) - 20} more")
    return "\n".join(lines)


def _format_overflow(url: str, overflow: dict[str, Any]) -> str:
    lines = [
        f"{url} scrolls sideways on a {PHONE_WIDTH} px phone: the page is "
        f"{overflow['scrollWidth']} px wide in a {overflow['clientWidth']} px window. "
        "What sticks out:"
    ]
    lines.extend(f"- {element}" for element in overflow["wide"])
    return "\n".join(lines)


def _is_html(response: Response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


def _is_redirect(response: Response) -> bool:
    return 300 <= response.status < 400


class Accessibility:
    """Checks every document the tests' pages show on the live server, once: axe-core, the
    Nu HTML checker over the HTML the server sent, and the page's width on a phone."""

    def __init__(
        self, *, browser: Browser, axe_path: Path, html_checker: NuHtmlChecker, base_url: str
    ) -> None:
        self.browser = browser
        self.axe_source = axe_path.read_text(encoding="utf-8")
        self.html_checker = html_checker
        self.base_url = base_url
        self.pages: list[Page] = []
        self.without_javascript: set[int] = set()
        # Per page, the HTML the server sent since its last check: documents and htmx fragments.
        self.responses: dict[int, list[Response]] = {}
        self.loaded: list[str] = []
        self.checked: list[str] = []
        # Per page, the CSP violations reported since its last check.
        self.csp_violations: dict[int, list[str]] = {}
        self._busy = False

    def track(self, page: Page, *, javascript: bool) -> None:
        self.pages.append(page)
        self.responses[id(page)] = []
        self.csp_violations[id(page)] = []
        if not javascript:
            self.without_javascript.add(id(page))
        page.on("load", lambda: self._loaded(page))
        page.on("response", lambda response: self._responded(page, response))
        page.on("console", lambda message: self._console(page, message.text))
        page.expose_function(
            "reportCspViolation", lambda text: self._csp_violation(page, f"{page.url}: {text}")
        )
        page.add_init_script(LISTEN_FOR_CSP_VIOLATIONS)

    def _console(self, page: Page, text: str) -> None:
        if "Content Security Policy" in text and self._shows_our_site(page):
            self._csp_violation(page, f"{page.url}: console: {text}")

    def _csp_violation(self, page: Page, text: str) -> None:
        if page.url.startswith(self.base_url):
            self.csp_violations[id(page)].append(text)

    def _csp_problems(self, page: Page) -> list[str]:
        violations, self.csp_violations[id(page)] = self.csp_violations[id(page)], []
        if not violations:
            return []
        lines = [f"the browser reported {len(violations)} Content Security Policy violation(s):"]
        return ["\n".join([*lines, *(f"- {violation}" for violation in violations[:20])])]

    def _responded(self, page: Page, response: Response) -> None:
        # Only noted here; the body is read at the check, since an event handler that waited
        # for it would hold up Playwright's event loop.
        request = response.request
        document = request.is_navigation_request() and response.frame == page.main_frame
        fragment = request.headers.get("hx-request") == "true"
        if response.url.startswith(self.base_url) and (document or fragment):
            self.responses[id(page)].append(response)

    def _loaded(self, page: Page) -> None:
        if self._shows_our_site(page):
            self.loaded.append(_document(page.url))

    def _shows_our_site(self, page: Page) -> bool:
        return not page.is_closed() and page.url.startswith(self.base_url)

    def check_pending(self) -> None:
        """Checks each open page whose current document has not been checked yet, and the
        HTML of what htmx fetched into a page that has been."""
        if self._busy:
            return
        for page in self.pages:
            if not self._shows_our_site(page):
                continue
            if not self._already_checked(page):
                self.check(page)
            else:
                self._fail_on(self._html_problems(page) + self._csp_problems(page))

    def _already_checked(self, page: Page) -> bool:
        # Keyed by address, so that a new page put in place by history.pushState (htmx)
        # counts as a new page, and following a #fragment link does not.
        return _settled(page, lambda: page.evaluate(f"() => window.__axeChecked === {DOCUMENT}"))

    def check(self, page: Page) -> None:
        """Checks the page as it is now: fails on a serious or critical axe-core violation,
        an error in its HTML, or a page that scrolls sideways on a phone."""
        self._busy = True
        try:
            violations = _settled(page, lambda: self._run_and_mark(page))
            self.checked.append(_document(page.url))
            problems = self._html_problems(page)
            overflow = self._overflow_on_a_phone(page)
            problems += self._csp_problems(page)
        finally:
            self._busy = False
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            problems.insert(0, _format_violations(page.url, failing))
        if overflow:
            problems.append(_format_overflow(page.url, overflow))
        self._fail_on(problems)

    @staticmethod
    def _fail_on(problems: list[str]) -> None:
        if problems:
            raise AssertionError("\n\n".join(problems))

    def _html_problems(self, page: Page) -> list[str]:
        """The Nu HTML checker's findings in the HTML the page received since its last check:
        its document as the server sent it (not as the browser repaired it), and each htmx
        fragment as the body of a minimal document."""
        responses, self.responses[id(page)] = self.responses[id(page)], []
        problems = []
        documents = [r for r in responses if r.request.is_navigation_request()]
        # The document on screen is the last one; a page left before its check is reported
        # by `finish`.
        if documents and not _is_redirect(documents[-1]) and _is_html(documents[-1]):
            document = documents[-1]
            errors = self.html_checker.errors(document.text())
            if errors:
                problems.append(_format_html_errors(_document(document.url), errors))
        for response in responses:
            if response in documents or not _is_html(response) or response.status >= 300:
                continue
            try:
                fragment = response.text()
            except PlaywrightError:  # replaced by a newer request (hx-sync) before it arrived
                continue
            errors = [
                replace(error, line=error.line - 1 if error.line else None)
                for error in self.html_checker.errors(f"{FRAGMENT_HEAD}{fragment}\n</body></html>")
            ]
            if errors:
                source = f"the htmx fragment from {response.request.method} {response.url}"
                problems.append(_format_html_errors(source, errors))
        return problems

    def _overflow_on_a_phone(self, page: Page) -> dict[str, Any] | None:
        """How far the page reaches past the right edge at the phone's width, or None."""
        size = page.viewport_size
        assert size, "browser tests run with a viewport"
        page.set_viewport_size({"width": PHONE_WIDTH, "height": size["height"]})
        try:
            return page.evaluate(MEASURE_OVERFLOW)
        finally:
            page.set_viewport_size(size)

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
        self._fail_on([problem for page in self.pages for problem in self._csp_problems(page)])
        missed = sorted(set(self.loaded) - set(self.checked))
        if missed:
            raise AssertionError(
                "These pages were shown but never checked (the test left "
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
    html_checker: NuHtmlChecker,
    live_server: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> Accessibility:
    checker = Accessibility(
        browser=browser,
        axe_path=browser_prerequisites.axe,
        html_checker=html_checker,
        base_url=live_server.url,
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
