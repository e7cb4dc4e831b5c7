from django.contrib import admin

from .models import SafetyThreat


@admin.register(SafetyThreat)
class SafetyThreatAdmin(admin.ModelAdmin):
    """Loaded from a file (manage.py load_safety_threats); read here."""

    list_display = ("code", "wording", "instrument")
    readonly_fields = ("translations",)
    list_filter = ("instrument",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
