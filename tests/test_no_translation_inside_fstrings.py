"""A string marked for translation inside an f-string is never translated: xgettext, which
makemessages runs, does not read the expressions of an f-string, so the call `_("Saved")` in
`f"{_('Saved')} …"` never reaches the catalogue, and the page shows English in every language
while bin/check-translations (which reads the catalogue) still passes."""

import ast
from pathlib import Path

from django.conf import settings

GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIP = {".venv", ".git", "node_modules", "staticfiles", "private_media", "bench"}


def _project_files():
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*.py")):
        if not SKIP.intersection(path.relative_to(root).parts):
            yield root, path


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def gettext_calls_inside_fstrings(source: str) -> list[int]:
    """The line of each gettext call written inside an f-string's braces."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _called_name(inner) in GETTEXT_NAMES:
                    lines.append(inner.lineno)
    return lines


def test_the_check_finds_a_call_inside_an_fstring():
    assert gettext_calls_inside_fstrings("x = f\"{_('Saved')} at {when}\"\n") == [1]
    assert gettext_calls_inside_fstrings('x = _("Saved at %(when)s") % {"when": when}\n') == []


def test_no_project_module_marks_a_string_for_translation_inside_an_fstring():
    found = [
        f"{path.relative_to(root)}:{line}"
        for root, path in _project_files()
        for line in gettext_calls_inside_fstrings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Move these out of the f-string (xgettext cannot see them): " + ", ".join(found)
