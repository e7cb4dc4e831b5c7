from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Unit, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "unit", "is_active")
    fieldsets = UserAdmin.fieldsets + (("Role in the agency", {"fields": ("role", "unit")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (
        ("Role in the agency", {"fields": ("first_name", "last_name", "role", "unit")}),
    )


class MemberInline(admin.TabularInline):
    model = User
    fields = ("username", "first_name", "last_name", "role", "is_active")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name",)
    inlines = [MemberInline]
