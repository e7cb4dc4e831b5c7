"""The five Strengthening Families protective factors (reference data, loaded by a data
migration), and later: instruments as data, assessments, scores and well-being goals."""

from django.db import models


class FactorCode(models.TextChoices):
    PARENTAL_RESILIENCE = "parental_resilience", "Parental resilience"
    SOCIAL_CONNECTIONS = "social_connections", "Social connections"
    KNOWLEDGE_OF_PARENTING = "knowledge_of_parenting", "Knowledge of parenting and child development"
    CONCRETE_SUPPORT = "concrete_support", "Concrete support in times of need"
    SOCIAL_EMOTIONAL_COMPETENCE = "social_emotional_competence", "Social and emotional competence of children"


class ProtectiveFactor(models.Model):
    code = models.CharField(max_length=40, choices=FactorCode.choices, unique=True)
    name = models.CharField(max_length=100)
    definition = models.TextField(help_text="What the factor means in practice.")
    how_sop_builds_it = models.TextField(help_text="How Safety Organized Practice builds this factor.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name
