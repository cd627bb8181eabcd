"""Counting the SQL queries of a page, for tests that pin them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, status=200):
    """The number of queries `client.get(url)` runs (asserting the response status)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(context.captured_queries)
