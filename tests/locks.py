"""For tests of concurrent transactions on PostgreSQL: wait until another connection waits."""

from django.db import connection


def another_query_waits_for_a_lock(attempts=500):
    """True once a query of this database waits for a lock (polled every 20 ms), False when none
    did in `attempts` polls."""
    with connection.cursor() as cursor:
        for _attempt in range(attempts):
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return True
            cursor.execute("SELECT pg_sleep(0.02)")
    return False
