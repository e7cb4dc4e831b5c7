"""What a court report must never print: the reporter's identity (confidential by law) and an
address the court kept from the parents. The narrative a caseworker writes is refused when it
holds one of them; everything drafted from the record is passed through `withheld` before it
is printed, so a name typed into a map statement is blacked out too."""

import re

from django.utils.translation import gettext as _

from intake.access import reporter_words

from .selectors import address_kept_from_parents

WITHHELD = "[…]"
SHORTEST = 3  # a shorter "name" (an initial) would black out ordinary words


def secrets_of(family) -> list[str]:
    """The words to keep out of the family's court report. Queries: 2."""
    words = list(reporter_words(family))
    if family.address.strip() and address_kept_from_parents(family):
        address = family.address.strip()
        words.append(address)
        words += [line.strip() for line in address.splitlines() if line.strip()]
    return sorted({w for w in words if len(w) >= SHORTEST}, key=len, reverse=True)


def _pattern(secrets: list[str]):
    return re.compile("|".join(re.escape(s) for s in secrets), re.IGNORECASE) if secrets else None


def withheld(text: str, secrets: list[str]) -> str:
    """`text` with each secret replaced by “[…]”."""
    pattern = _pattern(secrets)
    return pattern.sub(WITHHELD, text) if pattern and text else text


def holds_a_secret(text: str, secrets: list[str]) -> bool:
    pattern = _pattern(secrets)
    return bool(pattern and text and pattern.search(text))


def refusal() -> str:
    return _(
        "A court report must not name the reporter, nor give an address the court kept from the "
        "parents. Take it out of this section."
    )
