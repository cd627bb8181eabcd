"""Real-browser journeys: the app served as in production, driven by Debian's Chromium.

One gunicorn (two workers) per test session, on a free local port, with a fresh SQLite database
in a temporary directory, DEBUG off, hashed static files served by whitenoise and the real
security headers (CSP, X-Frame-Options); only HTTPS is off, since it is plain localhost. The
tests talk HTTP to it, never to the database: pytest-django is not involved.

Every page a test opens is watched: a request outside the app's origin fails the test (and goes
nowhere: no host name resolves in this browser), and so does a console error (a CSP violation is
one) or an uncaught exception. After each test a screenshot of its pages goes to
artifacts/browser/<test>.png.

Without Chromium (`/usr/bin/chromium`, or CHROMIUM_PATH) the journeys skip, unless
REQUIRE_BROWSER=1, as in CI, where they fail. Playwright never downloads a browser here.
"""

import http.server
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = (
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # No host name resolves: a request that leaves the app fails at once instead of reaching out
    # (the watch below still sees it and fails the test).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
SERVER_START_SECONDS = 60
# Schemes that never leave the machine: inline images (the CSP allows data:) and the browser's own pages.
LOCAL_SCHEMES = ("data:", "blob:", "about:", "chrome-error:")

WATCH = pytest.StashKey()


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium, or a skip (a failure with REQUIRE_BROWSER=1) saying how to get it."""
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}; apt-get install chromium (or set CHROMIUM_PATH)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}. REQUIRE_BROWSER=1 forbids skipping the browser journeys.", pytrace=False)
    pytest.skip(message)


class App:
    """The app under test: its origin and the way to run its management commands."""

    def __init__(self, origin, env):
        self.origin = origin
        self.env = env

    def url(self, path):
        return self.origin + path

    def manage(self, *args):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout


def _app_env(workdir):
    return {
        **os.environ,
        "ENV_FILE": "",  # the checkout's .env is for `make run` (DEBUG=1); here, production settings
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'shafaf.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def _wait_until_healthy(server, origin, log_path):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(origin + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{origin}/healthz did not answer 200 within {SERVER_START_SECONDS}s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def app(chromium_path, tmp_path_factory):
    """Migrate a fresh database, seed it, collect the static files, serve it with gunicorn."""
    workdir = tmp_path_factory.mktemp("shafaf-browser")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old_screenshot in ARTIFACTS.glob("*.png"):
        old_screenshot.unlink()
    # The socket is bound here and handed to gunicorn (fd://), so no other process can take the
    # port between choosing it and serving on it.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    origin = f"http://127.0.0.1:{listener.getsockname()[1]}"
    app = App(origin, _app_env(workdir))

    app.manage("migrate", "--no-input")
    app.manage("load_demo")
    app.manage("shell", "--command", "from tests.browser.seed import run; run()")
    app.manage("collectstatic", "--no-input")

    log_path = ARTIFACTS / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "2",
             "--bind", f"fd://{listener.fileno()}", "--access-logfile", "-", "--error-logfile", "-"],
            cwd=ROOT, env=app.env, stdout=log, stderr=subprocess.STDOUT, pass_fds=(listener.fileno(),),
        )
    listener.close()
    try:
        _wait_until_healthy(server, origin, log_path)
        yield app
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import expect, sync_playwright

    # Two gunicorn workers on a busy CI machine: generous, since expect() returns as soon as it holds.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=list(LAUNCH_ARGS))
        yield browser
        browser.close()


class Watch:
    """What the pages of one test did that they must not: leave the app, log an error, throw."""

    def __init__(self, origin):
        self.origins = [origin]
        self.pages = []
        self.outside = []
        self.console_errors = []
        self.page_errors = []
        self.expected = []

    def allow_origin(self, origin):
        self.origins.append(origin)

    def expect_console_error(self, pattern):
        """A console error this test causes on purpose (a 403 page, a refused frame)."""
        self.expected.append(re.compile(pattern))

    def watch(self, context):
        """Every page of the browser context, popups and frames included."""
        context.on("page", self.watch_page)
        context.on("request", self.check_origin)

    def watch_page(self, page):
        self.pages.append(page)
        page.on("console", lambda message: message.type == "error" and self.console_errors.append(
            f"{page.url}: {message.text}"))
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def check_origin(self, request):
        url = request.url
        if not url.startswith(LOCAL_SCHEMES) and not any(url.startswith(origin + "/") for origin in self.origins):
            self.outside.append(f"{request.resource_type} {url}")

    def problems(self):
        unexpected = [text for text in self.console_errors if not any(p.search(text) for p in self.expected)]
        return (
            [f"request outside the app: {text}" for text in self.outside]
            + [f"console error: {text}" for text in unexpected]
            + [f"uncaught exception: {text}" for text in self.page_errors]
        )


@pytest.fixture
def watch(request, app):
    watch = Watch(app.origin)
    request.node.stash[WATCH] = watch
    return watch


class OtherSite:
    """Another site on this machine (a second local port, so another origin) that serves the pages
    a test gives it: what a page elsewhere can do to the app."""

    def __init__(self):
        pages = self.pages = {}

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "").encode())

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def serve(self, path, html):
        self.pages[path] = html
        return self.origin + path

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def other_site(watch):
    site = OtherSite()
    watch.allow_origin(site.origin)
    yield site
    site.stop()


@pytest.fixture
def new_page(browser, app, watch):
    """Open a page in a browser of its own (own cookies): a Persian browser in Tehran, unless told
    otherwise, watched."""
    contexts = []

    def open_page(locale="fa-IR"):
        context = browser.new_context(base_url=app.origin, locale=locale, timezone_id="Asia/Tehran",
                                      viewport={"width": 1366, "height": 900}, accept_downloads=True)
        contexts.append(context)
        watch.watch(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def _screenshot_name(item, index):
    name = re.sub(r"[^\w.-]+", "_", item.name).strip("_")
    return f"{name}.png" if index == 0 else f"{name}-{index + 1}.png"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a journey: screenshots of its pages, then fail it if any page misbehaved (or, when
    it failed already, say what the pages did alongside)."""
    try:
        result = yield
    finally:
        watch = item.stash.get(WATCH, None)
        problems = []
        if watch is not None:
            for index, page in enumerate(watch.pages):
                if not page.is_closed():
                    # Also delivers any console message still on its way from the page.
                    page.screenshot(path=ARTIFACTS / _screenshot_name(item, index), full_page=True)
            problems = watch.problems()
            if problems:
                item.add_report_section("call", "pages", "\n".join(problems))
    if problems:
        pytest.fail("The pages of this journey misbehaved:\n" + "\n".join(problems), pytrace=False)
    return result
