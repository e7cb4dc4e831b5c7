from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Unit, User


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "unit", "is_active")
    # Accessible as axe-core finds it (tests/browser/test_every_page_is_accessible.py): plain
    # lists instead of Django's two-box picker, whose help icons carry ARIA a span may not
    # have; and the sign-in dates, set by signing in, read rather than edited in two boxes
    # under one label.
    filter_horizontal = ()
    readonly_fields = ("last_login", "date_joined")
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


# Other apps' pages of the administration, made accessible as axe-core finds them
# (tests/browser/test_every_page_is_accessible.py). accounts comes after django.contrib.auth
# and django_otp in INSTALLED_APPS, so theirs are registered already.


class AccessibleGroupAdmin(GroupAdmin):
    filter_horizontal = ()  # the two-box picker's help icons carry ARIA a span may not have


class AccessibleTOTPDeviceAdmin(TOTPDeviceAdmin):
    # the search box is named by its label, not only by the help text below it
    search_help_text = None
    # set when codes fail: read, rather than edited in two boxes under one label
    readonly_fields = [*TOTPDeviceAdmin.readonly_fields, "throttling_failure_timestamp"]


for model, model_admin in ((Group, AccessibleGroupAdmin), (TOTPDevice, AccessibleTOTPDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
