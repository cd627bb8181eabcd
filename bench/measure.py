"""What every benchmark measure shares: the bench's context, a result row of the table, timing by
median.

A measure is a module of this package with `measure(bench) -> list[Result]`, named in
bench/run.py's MEASURES; `bench` is the Bench below (database, users, runs, static files).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    """One row of the table. `met` is None for a figure that has no target (shown, not counted)."""

    measure: str
    value: float | int | str
    unit: str = "ms"
    target: str = ""
    met: bool | None = None

    def shown_value(self):
        if isinstance(self.value, float):
            return f"{self.value:,.1f} {self.unit}".rstrip()
        if isinstance(self.value, int):
            return f"{self.value:,} {self.unit}".rstrip()
        return str(self.value)


def at_most(measure, value, limit, unit="ms"):
    """A Result met when `value` ≤ `limit`."""
    return Result(measure, value, unit, f"≤ {limit:,} {unit}", value <= limit)


def info(measure, value, unit=""):
    return Result(measure, value, unit)


def median_ms(action, runs, warmup):
    """The median wall time of `action()` in milliseconds over `runs` calls after `warmup` calls,
    and the last call's return value."""
    for _ in range(warmup):
        action()
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), value


def get_page(client, url):
    """The response to `url` from a test client; RuntimeError unless it is 200."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def page_queries(client, url):
    """The queries of `url` once warm (a first request may also write the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get_page(client, url)
    with CaptureQueriesContext(connection) as captured:
        get_page(client, url)
    return len(captured.captured_queries)


def page_time(measure, bench, client, url, target_ms):
    """(row, median ms) of a page against `target_ms`; a failed row and None when it does not
    answer 200."""
    try:
        ms, _response = median_ms(lambda: get_page(client, url), bench.runs, bench.warmup)
    except RuntimeError as error:
        return Result(measure, str(error), target=f"≤ {target_ms} ms", met=False), None
    return at_most(measure, ms, target_ms), ms


def same_queries(measure, count, small_count):
    """The row comparing a page's queries with the same page's on the small database."""
    return Result(f"{measure} (queries)", count, "", f"= {small_count} (small database)", count == small_count)


@dataclass
class Bench:
    database_url: str
    # The same schema with (almost) no data: the query counts of the large registry are
    # compared with the same pages there.
    small_database_url: str
    static_root: Path
    runs: int = 7
    warmup: int = 2
    load_seconds: int = 60
    _users: dict = field(default_factory=dict)

    def user(self, role):
        """The bench's own clerk or supervisor (created on first use), without county limits."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        if role not in self._users:
            user, _created = get_user_model().objects.get_or_create(
                username=f"bench-{role}", defaults={"is_staff": True})
            user.groups.set([Group.objects.get(name=role)])
            self._users[role] = user
        return self._users[role]

    def client(self, role):
        """A Django test client logged in as the bench's `role` (in-process measures)."""
        from django.test import Client

        client = Client()
        client.force_login(self.user(role))
        return client

    def small_database_figures(self, module):
        """What `module.small_database_figures(bench)` returns when run on the small database
        (in a child process, since settings pick one database per process)."""
        env = {**os.environ, "DATABASE_URL": self.small_database_url}
        output = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "run.py"), "--small-figures", module.__name__],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout
        return json.loads(output.strip().splitlines()[-1])
