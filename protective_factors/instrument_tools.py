"""Other tools' instrument files that `manage.py load_instrument` loads, by the file's "tool"
key. A higher app registers its loader in its AppConfig.ready (apps import downward only), as
safety_networks does for "sdm_safety". A file without a "tool" key is a protective-factors
instrument, as every file was before."""

import json
from collections.abc import Callable
from pathlib import Path

# tool -> load(path) returning the line to show; raises InstrumentFileError listing problems
TOOLS: dict[str, Callable[[str], str]] = {}


def register_tool(tool: str, load: Callable[[str], str]) -> None:
    TOOLS[tool] = load


def tool_of(path) -> str | None:
    """The file's "tool" key (None: none, or the file is not a JSON object; the loader that
    reads it then says what is wrong)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("tool") if isinstance(data, dict) else None
