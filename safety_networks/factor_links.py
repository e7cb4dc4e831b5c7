"""Which protective factors a safety goal builds, suggested from its words, following the
links in DOMAIN.md ("How SOP builds each factor"). A suggestion only: the caseworker ticks
the factors; nothing is tagged without them."""

import re

from protective_factors.models import FactorCode

from .statements import _tidy

# Words in a goal that point to each factor, after the SOP links.
CUES: dict[str, tuple[str, ...]] = {
    # the plan for high-risk moments: stress, anger, calming down, asking for help
    FactorCode.PARENTAL_RESILIENCE: (
        "angry", "anger", "stress", "calm", "walk away", "walks away", "leaves the room", "cope", "coping",
        "high-risk", "seek help", "asks for help", "sober", "relapse", "trigger",
    ),
    # the safety network sharing accountability
    FactorCode.SOCIAL_CONNECTIONS: (
        "network", "calls his", "calls her", "calls their", "brother", "sister", "aunt", "uncle",
        "grandmother", "grandfather", "neighbour", "neighbor", "friend", "checks on", "check in", "checks in",
        "church", "support",
    ),
    # parenting skill and knowledge
    FactorCode.KNOWLEDGE_OF_PARENTING: (
        "parenting", "routine", "bedtime", "discipline", "development", "age-appropriate", "praise",
        "supervise", "supervision", "class", "feeding",
    ),
    # concrete needs and services
    FactorCode.CONCRETE_SUPPORT: (
        "rent", "housing", "food", "job", "work", "income", "benefits", "treatment", "counselling",
        "counseling", "therapy", "doctor", "medical", "services", "programme", "program", "transport",
    ),
    # the child's regulation and relationships
    FactorCode.SOCIAL_EMOTIONAL_COMPETENCE: (
        "feel safe", "feels safe", "feelings", "emotions", "scared", "talk about", "trusted adult", "trust",
        "school", "friends", "calm down", "self-regulation",
    ),
}  # fmt: skip


def suggest_factors(*texts: str) -> list[str]:
    """Factor codes whose cues appear in the goal's words, in the framework's order."""
    words = f" {_tidy(' '.join(texts)).lower()} "
    return [
        code
        for code in FactorCode.values
        if any(re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", words) for cue in CUES[code])
    ]
