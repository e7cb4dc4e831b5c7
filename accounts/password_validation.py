"""Password rules beyond Django's own (length, common, numeric, like the user's name).

NIST SP 800-63B asks that passwords made of repeated or sequential characters be refused
("aaaaaa", "1234abcd"): twelve of one letter passes a length rule but guesses in seconds.
"""

from itertools import pairwise

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Four in a row is where a pattern starts: "aaaa", "abcd", "4321". Three ("2026", "xyz")
# still turn up in ordinary passphrases.
RUN = 4


def _longest_repeat(password: str) -> int:
    longest = current = 1
    for before, after in pairwise(password):
        current = current + 1 if before == after else 1
        longest = max(longest, current)
    return longest


def _longest_sequence(password: str) -> int:
    """The longest run of letters or digits that go up or down one by one ("abcd", "9876")."""
    text = password.lower()
    longest = current = 1
    step = 0
    for before, after in pairwise(text):
        difference = ord(after) - ord(before)
        same_kind = (before.isdigit() and after.isdigit()) or (before.isalpha() and after.isalpha())
        if same_kind and difference in (1, -1):
            current = current + 1 if difference == step else 2
            step = difference
        else:
            current, step = 1, 0
        longest = max(longest, current)
    return longest


def _repeats_a_short_chunk(password: str) -> bool:
    """The whole password is a few characters said over and over ("abcabcabcabc")."""
    size = len(password)
    return any(
        size % chunk == 0 and password == password[:chunk] * (size // chunk)
        for chunk in range(1, size // 3 + 1)
    )


class RepeatedOrSequentialCharactersValidator:
    """Refuse a password with RUN or more of one character in a row, RUN or more letters or
    digits in sequence, or made of one short piece repeated."""

    def __init__(self, run: int = RUN):
        self.run = run

    def validate(self, password, user=None):
        if _longest_repeat(password) >= self.run:
            raise ValidationError(
                _(
                    "This password has the same character %(run)d or more times in a row. "
                    "Choose one without repeats, such as a few unrelated words."
                ),
                code="password_repeated_characters",
                params={"run": self.run},
            )
        if _longest_sequence(password) >= self.run:
            raise ValidationError(
                _(
                    "This password has %(run)d or more letters or numbers in order, like “abcd” "
                    "or “4321”. Choose one without such runs, such as a few unrelated words."
                ),
                code="password_sequential_characters",
                params={"run": self.run},
            )
        if _repeats_a_short_chunk(password):
            raise ValidationError(
                _(
                    "This password repeats the same few characters over and over. "
                    "Choose one without repeats, such as a few unrelated words."
                ),
                code="password_repeated_pattern",
            )

    def get_help_text(self):
        return _(
            "Your password can’t have %(run)d or more of the same character in a row, %(run)d or "
            "more letters or numbers in order (like “abcd” or “4321”), or repeat a short piece."
        ) % {"run": self.run}
