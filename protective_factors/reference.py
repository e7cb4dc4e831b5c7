"""The five protective factors as reference data, loaded by migration 0002 (and by the test
suite again after a test empties the tables); their definitions in other languages by
migration 0007 (stored as sop_casework.translated says: English in the fields,
`translations` beside them). The names come from the catalogue (FactorCode's labels)."""

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

# The definitions in other languages: {code: {lang: {field: text}}}, every factor in every
# language (tests/protective_factors/test_translations.py checks it).
TRANSLATIONS = {
    "parental_resilience": {
        "es": {
            "definition": "Manejar el estrés y salir adelante en los momentos difíciles, las dificultades y "
            "el trauma; saber cuándo pedir ayuda.",
            "how_sop_builds_it": "Ver con la familia qué riesgos tiene y planear juntos cómo buscar apoyo y "
            "tomar decisiones seguras en los momentos de más riesgo (el plan de seguridad).",
        }
    },
    "social_connections": {
        "es": {
            "definition": "Relaciones que dan apoyo emocional, consejos, ayuda práctica y apoyo espiritual.",
            "how_sop_builds_it": "Buscar a las personas que apoyan a la familia y reunirlas como red de "
            "seguridad, que comparte la responsabilidad de que los niños estén seguros.",
        }
    },
    "knowledge_of_parenting": {
        "es": {
            "definition": "Entender cómo crecen los niños y qué formas de criarlos ayudan a ese crecimiento.",
            "how_sop_builds_it": "Ver las fortalezas y necesidades de cada padre o madre en la crianza; "
            "servicios que dan información correcta y maneras concretas de hacer las cosas.",
        }
    },
    "concrete_support": {
        "es": {
            "definition": "Tener acceso a servicios y recursos (vivienda, comida, dinero, salud, salud "
            "mental, tratamiento por el uso de alcohol o drogas) que cubren las necesidades y bajan el "
            "estrés.",
            "how_sop_builds_it": "Conectar a la familia con recursos de la comunidad, y que la familia "
            "busque sus propias soluciones para lo que necesita; hablar de servicios de salud mental y "
            "de alcohol o drogas en las reuniones del equipo de niños y familia.",
        }
    },
    "social_emotional_competence": {
        "es": {
            "definition": "Tratos que ayudan al niño a comunicarse, a reconocer y manejar sus emociones y "
            "a llevarse bien con los demás.",
            "how_sop_builds_it": "La evaluación del riesgo del niño y de cómo le afectó el maltrato que "
            "sufrió; trabajo que tiene en cuenta el trauma para que adultos y niños aprendan a calmarse.",
        }
    },
}

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
    """Create or update the five factors (idempotent); with their definitions in other
    languages when the model has room for them (not a migration's model of before)."""
    translated = any(f.name == "translations" for f in model._meta.get_fields())
    for position, (code, name, definition, how) in enumerate(FACTORS):
        model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "definition": definition,
                "how_sop_builds_it": how,
                "position": position,
                **({"translations": TRANSLATIONS[code]} if translated else {}),
            },
        )


def load_factor_translations(model) -> None:
    """Give the factors their definitions in other languages, keeping any language an agency
    gave a factor itself (migration 0007)."""
    for factor in model.objects.filter(code__in=TRANSLATIONS):
        wanted = {**TRANSLATIONS[factor.code], **factor.translations}
        if wanted != factor.translations:
            factor.translations = wanted
            factor.save(update_fields=["translations"])
