from django.apps import AppConfig


class CasePlansConfig(AppConfig):
    name = "case_plans"
    verbose_name = "Case plans"
