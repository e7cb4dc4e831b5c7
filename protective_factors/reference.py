"""The five protective factors as reference data, loaded by migration 0002 (and by the test
suite again after a test empties the tables)."""

from django.utils.translation import gettext_lazy as _

FACTORS = [
    (
        "parental_resilience",
        "Parental resilience",
        "Managing stress and functioning well under challenge, adversity and trauma; knowing when to seek "
        "help.",
        "Identifying this family's specific risks and planning with it how to seek support and make safe "
        "choices in high-risk moments (the safety plan).",
    ),
    (
        "social_connections",
        "Social connections",
        "Relationships that give emotional, informational, practical and spiritual support.",
        "Finding informal supports and bringing them together as the safety network, which shares "
        "accountability for the child's safety.",
    ),
    (
        "knowledge_of_parenting",
        "Knowledge of parenting and child development",
        "Understanding how children develop and which parenting strategies support that growth.",
        "Looking at each parent's strengths and needs in parenting skill and knowledge; services that give "
        "accurate information and concrete techniques.",
    ),
    (
        "concrete_support",
        "Concrete support in times of need",
        "Access to services and resources (housing, food, income, health, mental health, substance-use "
        "treatment) that meet needs and lower stress.",
        "Linking to community resources, and the family problem-solving its own plans for concrete needs; "
        "mental health and substance-use services raised at Family Team Meetings.",
    ),
    (
        "social_emotional_competence",
        "Social and emotional competence of children",
        "Interactions that help a child communicate, recognise and regulate emotions, and build "
        "relationships.",
        "The SDM evaluation of the child's risk and of the effect of past abuse; trauma-informed work on "
        "self-regulation for adults and children.",
    ),
]

# Each factor as a parent reads it, where the family first meets the names (the case plan).
PLAIN_WORDS = {
    "parental_resilience": _("Coping with stress and hard times, and knowing when to ask for help."),
    "social_connections": _(
        "Having people to turn to: family, friends and neighbours. They listen, give advice and lend a hand."
    ),
    "knowledge_of_parenting": _("Knowing how children grow and learn, and what helps them at each age."),
    "concrete_support": _(
        "Getting help with the basics when times are hard. This means a home, food, money and health "
        "care. It also means help with mental health, or with drink and drugs."
    ),
    "social_emotional_competence": _(
        "Helping children to talk about their feelings, to calm down, and to get on with other people."
    ),
}


def load_factors(model) -> None:
    """Create or update the five factors (idempotent)."""
    for position, (code, name, definition, how) in enumerate(FACTORS):
        model.objects.update_or_create(
            code=code,
            defaults={"name": name, "definition": definition, "how_sop_builds_it": how, "position": position},
        )
