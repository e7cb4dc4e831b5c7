from django.contrib import admin

from .models import EverydayAction, Instrument, Item, ProtectiveFactor, ScoringBand


class ReadOnly(admin.ModelAdmin):
    """Loaded from files (migrations, manage.py load_instrument): read here, changed there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemInline(admin.TabularInline):
    model = Item
    fields = (
        "code",
        "factor",
        "respondent",
        "reverse_scored",
        "age_min",
        "age_max",
        "wording",
        "translations",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False


class BandInline(admin.TabularInline):
    model = ScoringBand
    fields = ("factor", "band", "low", "high", "description", "translations")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Instrument)
class InstrumentAdmin(ReadOnly):
    list_display = ("name", "code", "version", "is_demonstration", "loaded_at")
    inlines = [ItemInline, BandInline]


@admin.register(ProtectiveFactor)
class ProtectiveFactorAdmin(ReadOnly):
    list_display = ("name", "code")


@admin.register(EverydayAction)
class EverydayActionAdmin(admin.ModelAdmin):
    """The everyday-action suggestions shown with well-being goals: the agency edits them
    (their other languages too: `translations`, {"es": {"text": "…"}})."""

    list_display = ("text", "factor", "position")
    list_filter = ("factor",)
    ordering = ("factor__position", "position")
