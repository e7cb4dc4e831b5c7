"""The five protective factors (Strengthening Families, CSSP), in the words of DOMAIN.md."""

from django.db import migrations

FACTORS = [
    (
        "parental_resilience",
        "Parental resilience",
        "Managing stress and functioning well under challenge, adversity and trauma; knowing when to seek help.",
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
        "Interactions that help a child communicate, recognise and regulate emotions, and build relationships.",
        "The SDM evaluation of the child's risk and of the effect of past abuse; trauma-informed work on "
        "self-regulation for adults and children.",
    ),
]


def load(apps, schema_editor):
    ProtectiveFactor = apps.get_model("protective_factors", "ProtectiveFactor")
    for position, (code, name, definition, how) in enumerate(FACTORS):
        ProtectiveFactor.objects.update_or_create(
            code=code,
            defaults={"name": name, "definition": definition, "how_sop_builds_it": how, "position": position},
        )


def unload(apps, schema_editor):
    apps.get_model("protective_factors", "ProtectiveFactor").objects.filter(
        code__in=[code for code, *_ in FACTORS]
    ).delete()  # reference rows this migration made; no case data points at them before it


class Migration(migrations.Migration):
    dependencies = [("protective_factors", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
