from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, Unit, User


class NewStaffForm(AdminUserCreationForm):
    """A new staff member is active, so a caseworker or supervisor needs a unit (the
    constraint active_staff_belong_to_a_unit, which Django's form check skips here because
    the add form has no `is_active`: without this the save answered 500)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != Role.PROGRAM_ADMINISTRATOR and not cleaned.get("unit"):
            self.add_error("unit", _("Caseworkers and supervisors must belong to a unit."))
        return cleaned


@admin.register(User)
class StaffAdmin(UserAdmin):
    add_form = NewStaffForm
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
