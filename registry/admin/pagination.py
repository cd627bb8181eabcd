"""Counting a change list without reading a large table: exactly up to 10,000 rows, PostgreSQL's
own estimate beyond.

The admin asks its paginator how many rows a list has on every page it shows; on a million
products that COUNT(*) alone took longer than the rest of the page. Here the count is one query
still, on PostgreSQL:

* a list as opened (no filter, no search) reads the table's size from the catalogue
  (pg_class.reltuples per page, times the pages the table has now), or counts exactly when the
  table holds no more than 10,000 rows;
* a filtered or searched list counts its rows exactly, stopping at 10,001; past that it takes
  the planner's estimate of the filtered query (EXPLAIN, in the SQL function
  shafaf_count_estimate of migration 0008), never less than 10,001.

The rows of a page are always the right ones: only the number of pages is estimated, and the
page template says "about" when it is. Other databases count as Django does.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


class EstimatedCountPaginator(Paginator):
    exact_up_to = EXACT_UP_TO
    # True once `count` is an estimate.
    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if (query is None or connections[queryset.db].vendor != "postgresql" or query.group_by is not None
                or query.distinct or query.combinator or query.is_sliced):
            return Paginator.count.func(self)
        count, self.estimated = self._unfiltered(queryset) if not query.where else self._filtered(queryset)
        return count

    def page(self, number):
        number = self.validate_number(number)
        if not self.estimated:
            return super().page(number)
        # The estimate does not decide where the last page ends: a page holds what the table has.
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)

    def _fetch(self, queryset, sql, params):
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def _unfiltered(self, queryset):
        connection = connections[queryset.db]
        table = connection.ops.quote_name(queryset.model._meta.db_table)
        # The exact COUNT(*) is an uncorrelated subquery: PostgreSQL runs it only in its branch.
        sql = f"""
            SELECT CASE WHEN estimate.n > %s THEN estimate.n ELSE (SELECT COUNT(*) FROM {table}) END,
                   estimate.n > %s
            FROM (SELECT CASE WHEN reltuples < 0 OR relpages = 0 THEN 0
                         ELSE (reltuples / relpages
                               * (pg_relation_size(oid) / current_setting('block_size')::int))::bigint
                         END AS n
                  FROM pg_class WHERE oid = %s::regclass) AS estimate
        """
        return self._fetch(queryset, sql, [self.exact_up_to, self.exact_up_to, table])

    def _filtered(self, queryset):
        connection = connections[queryset.db]
        rows = queryset.order_by().values("pk")
        limited_sql, limited_params = rows[: self.exact_up_to + 1].query.get_compiler(connection=connection).as_sql()
        whole_sql, whole_params = rows.query.get_compiler(connection=connection).as_sql()
        sql = f"""
            SELECT CASE WHEN capped.n <= %s THEN capped.n ELSE GREATEST(shafaf_count_estimate(%s), %s) END,
                   capped.n > %s
            FROM (SELECT COUNT(*) AS n FROM ({limited_sql}) AS limited) AS capped
        """
        explained = connection.ops.compose_sql(whole_sql, whole_params)
        return self._fetch(queryset, sql, [self.exact_up_to, explained, self.exact_up_to + 1, self.exact_up_to,
                                           *limited_params])
