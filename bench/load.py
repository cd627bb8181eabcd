"""The load test: the app under gunicorn (5 workers, DEBUG off) on a free loopback port, and 20
simulated users for a minute — clerks opening lists and saving records through the real admin
forms (CSRF token, the record's version), supervisors reading reports (pages and JSON), lists and
records — each pausing a second or two between steps. Bounded in time and in requests; the clock
starts once all have logged in through the login form.

Reports errors (a status of 400 or more, a refused form, a broken connection), lost writes (the
saves the server confirmed against what the database holds afterwards), p50/p95 latency and
throughput. Only the standard library: threads and http.client.
"""

import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from urllib.parse import quote, urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Max

from bench.measure import ROOT, Result, at_most, info
from registry import jalali
from registry.models import Inspection, Producer, Product, Sector
from registry.reports import catalogue

WORKERS = 5
CLERKS, SUPERVISORS = 12, 8
P95_TARGET_MS = 1000
MAX_REQUESTS = 6000
REQUEST_TIMEOUT_S = 30
# Seconds a simulated person pauses between two steps, and between opening a form and saving it:
# far quicker than a clerk reads or types, so that 20 of them load the server like many more.
THINK = (1.0, 2.0)
TYPING = (1.0, 2.0)
ADMIN = "/admin/registry"
# The dashboard, then every report as opened and one with filters (the JSON of all but the dashboard).
REPORTS = ["/reports/", *(f"/reports/{report.slug}/" for report in catalogue.REPORTS),
           "/reports/transparency/?county=sanandaj&sector=food"]
REPORTS_JSON = [f"{url}{'&' if '?' in url else '?'}format=json" for url in REPORTS[1:]]


class FormFields(HTMLParser):
    """The fields a browser would submit from the form with id `form_id` (name → value)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs or kind in ("submit", "button", "file"):
                return
            self.fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self._select = [attrs["name"], None]
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None and "selected" in attrs:
            self._select[1] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            if self._select is not None and self._select[1] is None:
                self._select[1] = ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    @classmethod
    def of(cls, html, form_id):
        parser = cls(form_id)
        # Only the form itself: parsing a whole page in Python would load the machine measured.
        start = html.rfind("<form", 0, html.find(f'id="{form_id}"'))
        parser.feed(html[max(start, 0): html.find("</form>", start) + len("</form>")])
        return {name: value for name, value in parser.fields}


@dataclass
class Outcome:
    kind: str
    ms: float
    error: str = ""


@dataclass
class Run:
    """What every simulated user shares: where the server is, when to stop, what happened."""

    port: int
    seconds: int
    outcomes: list = field(default_factory=list)
    saves: dict = field(default_factory=dict)  # what the server confirmed: producer id → saves, "inspections"
    lock: threading.Lock = field(default_factory=threading.Lock)
    started: float = 0.0
    deadline: float = 0.0
    timed_from: int = 0  # outcomes before this index are the logins

    def start_clock(self):
        """Once everyone has logged in (a login hashes a password, on purpose slowly)."""
        self.started = time.monotonic()
        self.deadline = self.started + self.seconds
        self.timed_from = len(self.outcomes)

    def more(self):
        return time.monotonic() < self.deadline and len(self.outcomes) < MAX_REQUESTS

    def saved(self, key):
        with self.lock:
            self.saves[key] = self.saves.get(key, 0) + 1


class Browser:
    """One person's browser: cookies, the CSRF token, a new connection per request (gunicorn's
    sync workers close each one)."""

    def __init__(self, run, rng):
        self.run, self.rng, self.cookies = run, rng, SimpleCookie()

    def request(self, kind, method, path, data=None):
        headers = {"Cookie": "; ".join(f"{key}={morsel.value}" for key, morsel in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"http://127.0.0.1:{self.run.port}"})
        started = time.perf_counter()
        try:
            connection = HTTPConnection("127.0.0.1", self.run.port, timeout=REQUEST_TIMEOUT_S)
            connection.request(method, quote(path, safe="/?=&%"), body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode("utf-8", "replace")
            connection.close()
        except OSError as error:
            self.run.outcomes.append(Outcome(kind, (time.perf_counter() - started) * 1000, repr(error)))
            return None, ""
        for header in response.headers.get_all("Set-Cookie") or ():
            self.cookies.load(header)
        error = f"{method} {path}: {response.status}" if response.status >= 400 else ""
        self.run.outcomes.append(Outcome(kind, (time.perf_counter() - started) * 1000, error))
        return response, content

    def log_in(self, username, password):
        _response, html = self.request("login", "GET", "/admin/login/?next=/admin/")
        form = FormFields.of(html, "login-form")
        form.update(username=username, password=password)
        response, _html = self.request("login", "POST", "/admin/login/?next=/admin/", form)
        if response is None or response.status != 302:
            raise RuntimeError(f"{username} could not log in")

    def submit(self, kind, path, form_id, change):
        """Open a form, change it as `change(fields)` says, save it; True when the server
        confirms the save (a redirect), False (an error) when it shows the form again."""
        response, html = self.request(kind, "GET", path)
        if response is None or response.status != 200:
            return False
        fields = FormFields.of(html, form_id)
        change(fields)
        fields["_save"] = "1"
        time.sleep(self.rng.uniform(*TYPING))
        response, html = self.request(kind, "POST", path, fields)
        if response is not None and response.status == 200:
            errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            self.run.outcomes[-1].error = f"{path}: form refused: {errors[:2]}"
        return response is not None and response.status == 302


@dataclass
class Person:
    username: str
    role: str
    producer: int = 0


def clerk_step(browser, person, pages, rng, today, sector):
    """A list looked at, a producer's employees corrected, or an inspection recorded."""
    r = rng.random()
    if r < 0.4:
        browser.request("list", "GET", rng.choice(pages))
    elif r < 0.7:
        def more_employees(fields):
            fields["employees"] = str(int(fields.get("employees") or 0) + 1)

        if browser.submit("save", f"{ADMIN}/producer/{person.producer}/change/", "producer_form", more_employees):
            browser.run.saved(person.producer)
    else:
        def inspection(fields):
            fields.update(reference=f"LOAD-{person.username}-{rng.randrange(10**9)}", held_on=today,
                          producer=str(person.producer), kind="inspection", sector=str(sector),
                          finding="بازدید دوره‌ای؛ آزمون بار")

        if browser.submit("save", f"{ADMIN}/inspection/add/", "inspection_form", inspection):
            browser.run.saved("inspections")


def supervisor_step(browser, person, pages, rng, records):
    """A report read (its page, or its JSON as a program would), a list, or a product's page."""
    r = rng.random()
    if r < 0.45:
        browser.request("report", "GET", rng.choice(REPORTS))
    elif r < 0.65:
        browser.request("report JSON", "GET", rng.choice(REPORTS_JSON))
    elif r < 0.9:
        browser.request("list", "GET", rng.choice(pages))
    else:
        browser.request("page", "GET", rng.choice(records))


def user_loop(run, start, person, password, pages, records, seed, today, sector):
    rng = random.Random(seed)
    browser = Browser(run, rng)
    try:
        browser.log_in(person.username, password)
    except RuntimeError as error:
        run.outcomes.append(Outcome("login", 0, str(error)))
        start.wait()
        return
    start.wait()
    while run.more():
        try:
            if person.role == "clerk":
                clerk_step(browser, person, pages, rng, today, sector)
            else:
                supervisor_step(browser, person, pages, rng, records)
        except Exception as error:  # a broken page must be counted, not end the user silently
            run.outcomes.append(Outcome("error", 0, repr(error)))
        time.sleep(rng.uniform(*THINK))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--timeout", str(REQUEST_TIMEOUT_S), "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"},
    )
    for _ in range(120):
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped before it answered")
        time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within a minute")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def people():
    """The bench's load users (one password for all, hashed once), each clerk with a producer of
    its own so that no two clerks edit the same record."""
    password = "load-" + os.urandom(12).hex()
    hashed = make_password(password)
    users = get_user_model()
    producers = list(Producer.objects.filter(status=Producer.Status.ACTIVE).order_by("pk")
                     .values_list("pk", flat=True)[:CLERKS])
    crowd = []
    for role, count in (("clerk", CLERKS), ("supervisor", SUPERVISORS)):
        group = Group.objects.get(name=role)
        for number in range(count):
            user, _created = users.objects.update_or_create(
                username=f"bench-load-{role}-{number:02d}", defaults={"is_staff": True, "password": hashed})
            user.groups.set([group])
            crowd.append(Person(user.username, role, producers[number] if role == "clerk" else 0))
    return crowd, password


def measure(bench):
    crowd, password = people()
    employees_before = dict(Producer.objects.filter(pk__in=[p.producer for p in crowd if p.producer])
                            .values_list("pk", "employees"))
    last_product = Product.objects.aggregate(n=Max("pk"))["n"] or 1
    rng = random.Random(8)
    pages = [f"{ADMIN}/product/", f"{ADMIN}/product/?status__exact=pending", f"{ADMIN}/product/?q=یخچال",
             f"{ADMIN}/producer/", f"{ADMIN}/producer/?licensed=yes", f"{ADMIN}/producer/?q=زاگرس",
             f"{ADMIN}/mine/", f"{ADMIN}/shipment/", f"{ADMIN}/inspection/", f"{ADMIN}/employmentrecord/"]
    records = [f"{ADMIN}/product/{rng.randint(1, last_product)}/change/" for _ in range(50)]
    today = jalali.format_date(jalali.today())
    sector = Sector.objects.get(code="food").pk
    inspections_before = Inspection.objects.filter(reference__startswith="LOAD-").count()

    port = free_port()
    server = start_server(port)
    try:
        run = Run(port, bench.load_seconds)
        start = threading.Barrier(len(crowd), action=run.start_clock)
        threads = [threading.Thread(target=user_loop,
                                    args=(run, start, person, password, pages, records, n, today, sector))
                   for n, person in enumerate(crowd)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - run.started
    finally:
        stop_server(server)

    timed = run.outcomes[run.timed_from:]
    errors = [outcome for outcome in run.outcomes if outcome.error]
    for outcome in errors[:5]:
        print(f"  load error: {outcome.kind}: {outcome.error}", file=sys.stderr)
    employees_after = dict(Producer.objects.filter(pk__in=employees_before).values_list("pk", "employees"))
    lost = sum(abs(employees_before[pk] + run.saves.get(pk, 0) - employees_after[pk]) for pk in employees_before)
    inspections = Inspection.objects.filter(reference__startswith="LOAD-")
    lost += abs(inspections_before + run.saves.get("inspections", 0) - inspections.count())
    # The load test's own inspections go again, so that the bench's tables do not grow run by run.
    Inspection.history.filter(reference__startswith="LOAD-").delete()
    inspections.delete()

    for kind in sorted({outcome.kind for outcome in timed}):
        ms = sorted(outcome.ms for outcome in timed if outcome.kind == kind)
        print(f"  load: {kind}: {len(ms)} requests, p50 {statistics.median(ms):.0f} ms, "
              f"p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms", file=sys.stderr)
    latencies = sorted(outcome.ms for outcome in timed) or [0.0]
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    saves = sum(run.saves.values())
    users = f"{CLERKS} clerks + {SUPERVISORS} supervisors"
    return [
        info(f"load: requests in {elapsed:.0f} s ({users}, gunicorn × {WORKERS})", len(timed)),
        info("load: records saved", saves),
        Result("load: errors", len(errors), "", "= 0", not errors),
        Result("load: lost writes (saved vs counted)", lost, "", "= 0", lost == 0),
        info("load: p50 latency", statistics.median(latencies), "ms"),
        at_most("load: p95 latency", p95, P95_TARGET_MS),
        info("load: throughput", len(timed) / elapsed if elapsed else 0.0, "req/s"),
    ]

