from django.apps import AppConfig


class SafetyNetworksConfig(AppConfig):
    name = "safety_networks"
    verbose_name = "Safety work (SOP)"
