"""The languages the site offers: English, which the code is written in, and every language
with a catalogue in the locale folders. Adding a language is adding its catalogue
(locale/<code>/LC_MESSAGES/django.po), nothing else: settings.LANGUAGES is read from here.

Imported by settings, so it uses nothing that needs Django set up.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import to_language

SOURCE_LANGUAGE = ("en", "English")


def languages_with_catalogues(locale_paths) -> list[tuple[str, str]]:
    """[(code, English name)], English first, then each language that has a django.po in one
    of `locale_paths`, in code order. A folder Django has no name for is named by its code."""
    found = {}
    for folder in locale_paths:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/django.po")):
            code = to_language(catalogue.parent.parent.name)
            if code != SOURCE_LANGUAGE[0]:
                found[code] = LANG_INFO.get(code, {}).get("name", code)
    return [SOURCE_LANGUAGE, *sorted(found.items())]
