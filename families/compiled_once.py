"""SQL made once for the annotated querysets kept for the day.

selectors.caseload_rows and overview_rows, and supervision.compliance.rule_rows, keep one
annotated queryset a day and copy it for each request. A copy shares its annotations with
the kept queryset, and narrowing it (visible_to, the family asked for, a search) adds to its
WHERE without touching them, so each annotation's SQL is the same all day. Yet Django
compiles every annotation again each time a copy is run: for the overview's family row,
seventeen subqueries, 1.4 ms on the benchmark machine, longer than PostgreSQL takes to answer.

`compiled_once(rows)` wraps each annotation in CompiledOnce, which keeps the SQL it made the
first time, per database. A query that changes an annotation (relabels it to use the rows as
a subquery of another query, or resolves it again) works on a copy, and a copy starts with
nothing kept.

What it buys (issue 24: bench/plain_django.py on 10,000 families, the code with and without
it alternating request by request, two runs of 30 rounds, medians, load average 19 to 28 on
2 cores; bench/RESULTS.md, "Plain Django against the machinery"): it saves 27-32 % of My
caseload's wall time (16-22 % of its CPU time), 16-25 % of Unit review's (27-36 % of its CPU)
and 22-35 % of a supervisor's search (22-24 % CPU). On the family overview it saved 7-25 %
(13-15 % CPU), under the 20 % asked of machinery, so the overview's row no longer uses it.

The API it leans on is Django's documented one for writing a query expression (as_sql,
get_source_expressions, set_source_expressions, copy, get_group_by_cols), except
select_format, which it passes through to the wrapped expression.
"""

from django.db.models import Expression, QuerySet


class CompiledOnce(Expression):
    def __init__(self, expression):
        super().__init__(output_field=expression.output_field)
        self.expression = expression
        self._made: dict[str, tuple[str, tuple]] = {}  # database alias -> (sql, params)

    def get_source_expressions(self):
        return [self.expression]

    def set_source_expressions(self, exprs):
        (self.expression,) = exprs
        self._made = {}

    def copy(self):
        clone = super().copy()
        clone._made = {}
        return clone

    def as_sql(self, compiler, connection):
        if connection.alias not in self._made:
            sql, params = compiler.compile(self.expression)
            self._made[connection.alias] = (sql, tuple(params))
        sql, params = self._made[connection.alias]
        return sql, list(params)

    def select_format(self, compiler, sql, params):
        return self.expression.select_format(compiler, sql, params)

    def get_group_by_cols(self):
        return self.expression.get_group_by_cols()


def compiled_once(rows: QuerySet) -> QuerySet:
    """A copy of `rows` whose annotations each make their SQL once (see the module's text).
    For querysets kept and copied, never for one built per request."""
    rows = rows.all()
    annotations = rows.query.annotations  # the copy's own dict: the original keeps its own
    for name, expression in annotations.items():
        annotations[name] = CompiledOnce(expression)
    return rows
