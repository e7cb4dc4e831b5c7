from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .emails import delivery_retry
from .models import DeliveryStatus, EmailDelivery


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Every email handed to the mail server, or that failed to be: a failure shows its
    attempts and last error, and can be tried again. Read-only: the rows are the record of
    what was sent."""

    list_display = (
        "created_at",
        "kind",
        "period",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    )
    list_filter = ("status", "kind")
    search_fields = ("period", "recipient__username", "recipient__email")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["try_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Try the failed emails again"), permissions=["view"])
    def try_again(self, request, queryset):
        failed = queryset.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP])
        count = sum(1 for delivery in failed if delivery_retry(delivery=delivery))
        self.message_user(
            request, _("%(count)s emails will be tried again.") % {"count": count}, messages.SUCCESS
        )
