"""Search that forgives accents and case: "munoz" finds "Muñoz", "OBRIEN" finds "O'Brien".

Names are folded once, when they are saved, into Family.search_text; a query is folded the
same way and matched with a plain `icontains`, which works the same on PostgreSQL and SQLite.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
        "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th", "ı": "i",
        "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "–": "-",
    }
)  # fmt: skip


def fold(text: str) -> str:
    """Lower-case, without accents, apostrophes made plain, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def family_search_text(*, display_name: str, case_number: str, people_names: list[str]) -> str:
    """What Family.search_text holds: one line a name, folded."""
    return "\n".join(fold(part) for part in [display_name, case_number, *people_names] if part)
