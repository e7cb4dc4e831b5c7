from django.apps import AppConfig


class ProtectiveFactorsConfig(AppConfig):
    name = "protective_factors"
    verbose_name = "Protective factors"
