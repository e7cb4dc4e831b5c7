"""documents is asked for documents by case_plans, safety_networks and meetings (they register
their kinds, documents.kinds): it imports none of them back, so no circle between services and
tasks can form. Read from the source with ast, so an import inside a function counts too."""

import ast
from pathlib import Path

import documents

ABOVE = {"case_plans", "safety_networks", "meetings"}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_documents_imports_none_of_the_apps_that_ask_it_for_documents():
    folder = Path(documents.__file__).resolve().parent
    files = [p for p in folder.rglob("*.py") if "migrations" not in p.parts]
    assert len(files) > 10  # the walk found the app's modules
    wrong = {
        f"{path.relative_to(folder)}: {module}"
        for path in files
        for module in imports_of(path)
        if module.split(".")[0] in ABOVE
    }
    assert not wrong, wrong
