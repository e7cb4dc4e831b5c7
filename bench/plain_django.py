"""Plain Django against the machinery (issue 24): each page's server time with and without
each piece of performance machinery, in the same process, variants alternating request by
request, on an already seeded database (never dropped, never written to except the audit
events and sessions every page view writes).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sop_x .venv/bin/python -m bench.plain_django \
        --rounds 60 --warmup 5

Variants (each keeps its own querysets for the day, built before timing):
- machinery: the code as it is.
- no_compiled_once: the day's querysets kept, their annotations compiled by Django on each
  request (families.compiled_once off).
- no_kept: the annotated querysets built on every request (no lru_cache; nothing compiled once).
- no_family_row: FirstRecord/AllRecords off: each panel's records read by a query of their own
  (what a Prefetch(..., to_attr=...) per kind costs), not as JSON on the family row.
- no_cells: the caseload's cells rendered by a template fragment, dates by Django's date
  format, the overview URL reversed per row, nothing cached per language. (Unit review's
  cells were measured the same way before they went back to a template: bench/RESULTS.md.)
- plain: all of the above off at once.

For each page and variant: queries, median wall time (perf_counter) and median CPU time of
this process (process_time: Python and templates, not PostgreSQL's), over --rounds.
"""

import argparse
import os
import statistics
import sys
import time
from functools import lru_cache

VARIANTS = ["machinery", "no_compiled_once", "no_kept", "no_family_row", "no_cells", "plain"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.plain_django")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--variants", nargs="+", default=VARIANTS)
    parser.add_argument(
        "--pages", nargs="+", default=["floor", "caseload", "overview", "unit", "search_unit"]
    )
    parser.add_argument("--search", default="nguy")
    return parser.parse_args(argv)


# --- the variants ------------------------------------------------------------------------


class Switches:
    """Each variant's replacements of module globals, put in place before its request and
    taken out after (the machinery's own, restored)."""

    def __init__(self):
        import case_plans.caseload
        import court.caseload
        import families.caseload as caseload
        import families.family_row as family_row
        import families.selectors as fsel
        import families.views as fviews
        import meetings.caseload
        import supervision.compliance as compliance
        import supervision.views as sviews

        days = [caseload, case_plans.caseload, meetings.caseload, court.caseload]
        self.modules = {
            "days": days,
            "fsel": fsel,
            "compliance": compliance,
            "family_row": family_row,
            "caseload": caseload,
            "fviews": fviews,
            "sviews": sviews,
        }
        self.original = {
            (fsel, "_caseload_rows"): fsel._caseload_rows,
            (fsel, "_overview_rows"): fsel._overview_rows,
            (fsel, "compiled_once"): fsel.compiled_once,
            (compliance, "_rule_rows"): compliance._rule_rows,
            (compliance, "rule_expressions"): compliance.rule_expressions,
            (compliance, "compiled_once"): compliance.compiled_once,
            (family_row.FirstRecord, "annotations"): family_row.FirstRecord.annotations,
            (family_row.FirstRecord, "of"): family_row.FirstRecord.of,
            (family_row.AllRecords, "annotations"): family_row.AllRecords.annotations,
            (family_row.AllRecords, "of"): family_row.AllRecords.of,
            (fviews, "caseload_table"): fviews.caseload_table,
            (sviews, "caseload_table"): sviews.caseload_table,
            (caseload._Fixed, "__html__"): caseload._Fixed.__html__,
            **{(module, "day"): module.day for module in days},
        }
        self.kept = {}  # variant -> its own lru-cached builders

    def replacements(self, variant: str) -> dict:
        m = self.modules
        fsel, compliance, family_row = m["fsel"], m["compliance"], m["family_row"]
        o = self.original
        r = {}
        off = {variant} if variant != "plain" else {"no_kept", "no_family_row", "no_cells"}
        if variant == "no_compiled_once" or "no_kept" in off:
            r[(fsel, "compiled_once")] = r[(compliance, "compiled_once")] = _same
        if "no_kept" in off:
            r[(fsel, "_caseload_rows")] = o[(fsel, "_caseload_rows")].__wrapped__
            r[(fsel, "_overview_rows")] = o[(fsel, "_overview_rows")].__wrapped__
            r[(compliance, "_rule_rows")] = o[(compliance, "_rule_rows")].__wrapped__
            r[(compliance, "rule_expressions")] = o[(compliance, "rule_expressions")].__wrapped__
        elif variant != "machinery":
            if variant not in self.kept:  # the variant's own querysets for the day
                self.kept[variant] = {
                    (fsel, "_caseload_rows"): lru_cache(maxsize=2)(o[(fsel, "_caseload_rows")].__wrapped__),
                    (fsel, "_overview_rows"): lru_cache(maxsize=2)(o[(fsel, "_overview_rows")].__wrapped__),
                    (compliance, "_rule_rows"): lru_cache(maxsize=2)(
                        o[(compliance, "_rule_rows")].__wrapped__
                    ),
                }
            r.update(self.kept[variant])
        if "no_family_row" in off:
            for cls, by_query in (
                (family_row.FirstRecord, _first_by_query),
                (family_row.AllRecords, _all_by_query),
            ):
                r[(cls, "annotations")] = _unless_a_list(o[(cls, "annotations")], lambda self: {})
                r[(cls, "of")] = _unless_a_list(o[(cls, "of")], by_query)
        if "no_cells" in off:
            r[(m["fviews"], "caseload_table")] = r[(m["sviews"], "caseload_table")] = plain_caseload_table
            r[(m["caseload"]._Fixed, "__html__")] = plain_fixed_html
            for module in m["days"]:
                r[(module, "day")] = plain_day
        return r

    def enter(self, variant: str):
        for (owner, name), value in self.replacements(variant).items():
            setattr(owner, name, value)

    def leave(self):
        for (owner, name), value in self.original.items():
            setattr(owner, name, value)


def _same(rows):
    return rows


# --- FirstRecord / AllRecords, read by a query each (as a Prefetch per kind would) -------------


def _unless_a_list(original, replacement):
    """The overview's records by a query each; My caseload's placements (a list of families,
    where plain Django would prefetch them for every row at once) as they are."""

    def chosen(self, *args):
        return (original if self.name in LIST_RECORDS else replacement)(self, *args)

    return chosen


LIST_RECORDS = {"placement_rows", "latest_safety", "latest_risk"}  # My caseload's columns


def _records_of(spec, family):
    """spec.records with the outer family's key put in place of OuterRef("pk")."""
    from django.db.models.expressions import ResolvedOuterRef
    from django.db.models.sql.where import WhereNode

    records = spec.records.all()
    records.query = records.query.clone()

    def walk(node):
        for index, child in enumerate(node.children):
            if isinstance(child, WhereNode):
                walk(child)
            elif isinstance(getattr(child, "rhs", None), ResolvedOuterRef):
                child = node.children[index] = child.copy()  # never the kept queryset's own
                child.rhs = family.pk

    records.query.where = records.query.where.clone()
    walk(records.query.where)
    related = sorted({f.split("__")[0] for f in spec.fields if "__" in f})
    if related:
        records = records.select_related(*related)
    return records.only(*spec.fields) if not related else records


def _first_by_query(self, family):
    return _records_of(self, family).first()


def _all_by_query(self, family):
    return list(_records_of(self, family))


# --- the tables, by a template fragment --------------------------------------------------

CASELOAD_ROWS = """{% for row in rows %}{% if not forloop.first %}</tr>
<tr>{% endif %}{% for column, cell in row %}{% if forloop.first %}<th scope="row">{{ cell }}</th>{% else %}<td{% if column.numeric %} class="text-end"{% endif %} data-label="{{ column.header }}"><span>{{ cell }}</span></td>{% endif %}{% endfor %}{% endfor %}"""  # noqa: E501


@lru_cache
def _template(source):
    from django.template import engines

    return engines["django"].from_string(source)


def plain_caseload_table(families, *, caption, show_caseworker=False):
    from django.urls import reverse
    from django.utils.safestring import mark_safe

    from families import caseload

    table = caseload.caseload_table([], caption=caption, show_caseworker=show_caseworker)
    for family in families:
        family.overview_url = reverse("families:overview", args=[family.public_id])
    rows = [[(column, column.cell(family)) for column in table.columns] for family in families]
    html = _template(CASELOAD_ROWS).render({"rows": rows})
    rows = [mark_safe(html)] if rows else []  # noqa: S308
    return caseload.CaseloadTable(caption=caption, columns=table.columns, rows=rows)


def plain_day(value, *, year=False):
    """families.caseload.day as the date filter writes it (no month names kept per language)."""
    from datetime import datetime

    from django.utils import formats, timezone

    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, "j M Y" if year else "j M")


def plain_fixed_html(self):
    """families.caseload._Fixed made each time it is written, not once per language."""
    from django.utils.html import format_html

    return format_html(self.html_format, *(str(w) for w in self.words))


# --- the run ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.agency import fetch, pick_subjects, signed_in_client

    subjects = pick_subjects(args.search)
    clients = {role: signed_in_client(user) for role, user in subjects["users"].items()}
    pages = [(key, label, role, url) for key, label, role, url in subjects["pages"] if key in args.pages]
    switches = Switches()
    load = [os.getloadavg()]
    queries = {}
    for variant in args.variants:  # warm up, and build each variant's querysets for the day
        switches.enter(variant)
        try:
            for _ in range(args.warmup):
                for _key, _label, role, url in pages:
                    fetch(clients[role], url)
            for key, _label, role, url in pages:
                with CaptureQueriesContext(connection) as captured:
                    fetch(clients[role], url)
                queries[(variant, key)] = len(captured.captured_queries)
        finally:
            switches.leave()
    wall = {(v, k): [] for v in args.variants for k, *_ in pages}
    cpu = {(v, k): [] for v in args.variants for k, *_ in pages}
    for number in range(args.rounds):
        shift = number % len(args.variants)
        for variant in args.variants[shift:] + args.variants[:shift]:
            switches.enter(variant)
            try:
                for key, _label, role, url in pages:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    fetch(clients[role], url)
                    cpu[(variant, key)].append((time.process_time() - started_cpu) * 1000)
                    wall[(variant, key)].append((time.perf_counter() - started) * 1000)
            finally:
                switches.leave()
        if number % 10 == 9:
            load.append(os.getloadavg())
            print(f"round {number + 1}/{args.rounds}, load {load[-1][0]:.1f}", file=sys.stderr, flush=True)
    print(f"\nrounds {args.rounds}, warm-up {args.warmup}; load average (1 min) during the run: "
          f"{min(x[0] for x in load):.1f}–{max(x[0] for x in load):.1f}")  # fmt: skip
    print(
        "| page | variant | queries | wall median ms | CPU median ms | wall vs machinery | CPU vs machinery |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for key, label, _role, _url in pages:
        base_w = statistics.median(wall[("machinery", key)]) if "machinery" in args.variants else None
        base_c = statistics.median(cpu[("machinery", key)]) if "machinery" in args.variants else None
        for variant in args.variants:
            w, c = statistics.median(wall[(variant, key)]), statistics.median(cpu[(variant, key)])
            dw = f"{(w / base_w - 1) * 100:+.0f} %" if base_w else ""
            dc = f"{(c / base_c - 1) * 100:+.0f} %" if base_c else ""
            print(f"| {label} | {variant} | {queries[(variant, key)]} | {w:.1f} | {c:.1f} | {dw} | {dc} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
