"""My caseload's "Where the children live" column: each child's current placement and how
many moves (annotated by selectors.with_placement_column, no query of its own)."""

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from families.caseload import NOTHING

from .selectors import caseload_placements


def _where(entry) -> str:
    where = entry.current.get_setting_display() if entry.current else _("no current placement")
    if entry.moves:
        where += " · " + ngettext("%(n)d move", "%(n)d moves", entry.moves) % {"n": entry.moves}
    return where


def placement_cell(family) -> SafeString:
    children = caseload_placements(family)
    if not children:
        return NOTHING
    return format_html_join(
        mark_safe("<br>"), '<span class="small">{}: {}</span>', ((c.name, _where(c)) for c in children)
    )


def placement_value(family) -> str:
    return "; ".join(f"{c.name}: {_where(c)}" for c in caseload_placements(family))
