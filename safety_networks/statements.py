"""Harm and danger statements are entered in parts and read as plain sentences the
family can read, a part to a sentence. The same functions write the sentence on the map, in the live preview
while a caseworker types, and (later) in the case plan."""

import re

from django.utils.translation import gettext as _


def _tidy(part: str) -> str:
    return " ".join((part or "").split()).rstrip(".")


def _joined(first: str, last: str, word: str) -> str:
    """“Ana, Sofía” and “Tomás” joined by “and” or “or”, in the reader's language."""
    values = {"first": first, "last": last}
    if word == "or":
        return _("%(first)s or %(last)s") % values
    return _("%(first)s and %(last)s") % values


def names_joined(names: list[str], word: str = "and") -> str:
    """“Sofía”, “Sofía and Tomás”, “Ana, Sofía or Tomás” (word: "and" or "or")."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return _joined(", ".join(names[:-1]), names[-1], word)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


_ALREADY_WORRIED = re.compile(r"\s+(?:is|are)\s+worried(?:\s+that)?$", re.IGNORECASE)
_LEADING_THAT = re.compile(r"^(?:that)\s+", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and)\s+", re.IGNORECASE)
_JOINERS = (",", " or", " and")


def _names_ending(text: str, names: list[str]) -> set[str]:
    """The children already named at the end of `text` (“…could hit Ana or Ben”), so that
    they are not written twice."""
    found: set[str] = set()
    rest = text
    while True:
        lowered = rest.lower()
        joiner = next((j for j in _JOINERS if lowered.endswith(j)), None)
        if joiner and found:
            rest = rest[: -len(joiner)].rstrip()
            continue
        name = next(
            (
                n
                for n in sorted(names, key=len, reverse=True)
                if lowered.endswith(n.lower()) and not lowered[: -len(n)][-1:].isalnum()
            ),
            None,
        )
        if name is None:
            return found
        found.add(name)
        rest = rest[: -len(name)].rstrip()


def danger_sentence(
    *, who_is_worried: str, caregiver_behaviour: str, children: list[str], what_could_happen: str
) -> str:
    """“The school, Maria and the agency are worried that when Daniel is angry and stressed he
    may grab or hit Sofía or Tomás. If nothing changes, they could be badly hurt.”

    Written in parts, read as two sentences (each part is often twenty words: run together,
    the statement made one sentence a parent could not follow, issue 17). The parts may
    already hold words the sentences add (“The school is worried”, “that he…”, “…hit Ana or
    Ben”, “and they…”), and none of them is written twice."""
    who = _ALREADY_WORRIED.sub("", _tidy(who_is_worried)) or "…"
    # Several are worried when the words name several: "and" (in English, and in the reader's
    # language when the parts are typed in it), a list, or "we"/"they".
    and_word = _joined("", "", "and").strip().lower()
    separators = {" and ", f" {and_word} ", ",", " we "}
    plural = any(sep in f" {who.lower()} " for sep in separators) or who.lower() in ("we", "they")
    behaviour = _LEADING_THAT.sub("", _tidy(caregiver_behaviour)) or "…"
    names = [n for n in children if n]
    named = _names_ending(behaviour, names)
    unnamed = [n for n in names if n not in named]
    if not names:
        behaviour = f"{behaviour} …"
    elif unnamed:
        joined = names_joined(unnamed, "or")
        behaviour = _joined(behaviour, joined, "or") if named else f"{behaviour} {joined}"
    consequence = _LEADING_AND.sub("", _tidy(what_could_happen)) or "…"
    values = {"who": _capitalised(who), "behaviour": behaviour, "consequence": consequence}
    if plural:
        worry = _("%(who)s are worried that %(behaviour)s.") % values
    else:
        worry = _("%(who)s is worried that %(behaviour)s.") % values
    # Kept out of the f-string: xgettext does not see a call inside one (the catalogue lost it).
    if_nothing_changes = _("If nothing changes, %(consequence)s.") % values
    return f"{worry} {if_nothing_changes}"


def harm_sentence(
    *, what_happened: str, child: str, caregiver: str, caregiver_action: str, effect: str
) -> str:
    """“Sofía came to school with a bruise on her upper arm. It happened when Daniel grabbed
    her hard when he was angry that she woke Tomás. For Sofía: she was in pain and scared.”"""
    parts = [_capitalised(_tidy(what_happened) or "…") + "."]
    action = _tidy(caregiver_action)
    if action and caregiver:
        values = {"caregiver": caregiver, "action": action}
        parts.append(_("It happened when %(caregiver)s %(action)s.") % values)
    elif action:
        parts.append(_("It happened when %(action)s.") % {"action": action})
    effect_text = _tidy(effect)
    if effect_text and child:
        parts.append(_("For %(child)s: %(effect)s.") % {"child": child, "effect": effect_text})
    elif effect_text:
        parts.append(_("For the child: %(effect)s.") % {"effect": effect_text})
    return " ".join(parts)


def goal_sentence(
    *, caregivers_will: str, child_will_experience: str, agency_needs_to_see: str, for_how_long: str
) -> str:
    """The safety goal as one statement the family can sign, a sentence for each part:
    “Over the next six months, when Daniel is angry he walks away and calls his brother. That
    way, Sofía and Tomás are safe and feel safe at home. The agency needs to see an adult the
    children trust checking on them every day.” (Run together, parts of twenty words each made
    a sentence of sixty, issue 17.)"""
    how_long = _tidy(for_how_long)
    values = {
        "how_long": _capitalised(how_long),
        "caregivers_will": _tidy(caregivers_will) or "…",
        "child_will": _tidy(child_will_experience) or "…",
    }
    if how_long:
        doing = _("%(how_long)s, %(caregivers_will)s.") % values
    else:
        doing = f"{_capitalised(values['caregivers_will'])}."
    experience = _("That way, %(child_will)s.") % values
    needs = _("The agency needs to see %(what)s.") % {"what": _tidy(agency_needs_to_see) or "…"}
    return f"{doing} {experience} {needs}"
