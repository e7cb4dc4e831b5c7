import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditAction, AuditEvent

DATE = forms.DateInput(attrs={"type": "date"})


class AuditEventFilter(django_filters.FilterSet):
    """Search the trail by family (case number), person (user name), action, the words of its
    details (e.g. what someone searched for) and date range."""

    case_number = django_filters.CharFilter(label=_("Case number"), lookup_expr="iexact")
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="iexact")
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices, empty_label=_("Any action"), label=_("Action")
    )
    detail = django_filters.CharFilter(label=_("Details contain"), lookup_expr="icontains")
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label=_("From"), widget=DATE
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label=_("To"), widget=DATE
    )

    class Meta:
        model = AuditEvent
        fields = ["case_number", "username", "action", "detail", "occurred_from", "occurred_to"]
