"""Email preferences: what each person asked to receive, the form and the one write.

A person who never opened the page gets the defaults (a daily digest, every immediate
email): their row is made the first time they save."""

from django import forms
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from audit.models import AuditAction
from audit.services import audit_record
from families.versioning import VersionedFormMixin, claim_version

from .models import DigestFrequency, EmailPreference

FIELDS = ["digest", "plan_returned", "access_requested"]


def preference_of(user: User) -> EmailPreference:
    """The person's saved preferences, or the defaults (unsaved). Queries: 1, none when the
    row was read with the user (select_related("email_preference"))."""
    try:
        return user.email_preference
    except EmailPreference.DoesNotExist:
        return EmailPreference(user=user)


@transaction.atomic
def email_preference_save(*, user: User, expected_version: int | None, **values) -> EmailPreference:
    """Save what `user` chose, refusing a change based on a version someone (the same person
    in another tab) has saved over since."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"email_preference_save does not change {sorted(unknown)}")
    preference = EmailPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = EmailPreference(user=user)
    else:
        claim_version(preference, expected=expected_version, fields=list(values))
    for name, value in values.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    audit_record(actor=user, action=AuditAction.UPDATE, record=preference)
    return preference


def digest_recipients(frequency: str) -> QuerySet:
    """The active caseworkers and supervisors whose digest comes at `frequency` (daily: also
    those who never chose, the default). Queries: 1."""
    staff = User.objects.filter(is_active=True, role__in=[Role.CASEWORKER, Role.SUPERVISOR]).exclude(email="")
    if frequency == DigestFrequency.DAILY:
        chose = Q(email_preference__digest=DigestFrequency.DAILY) | Q(email_preference__isnull=True)
    else:
        chose = Q(email_preference__digest=frequency)
    return staff.filter(chose).order_by("pk")


class EmailPreferenceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = FIELDS
        widgets = {"digest": forms.RadioSelect}
        help_texts = {
            "digest": _(
                "What is due on your families, or what waits for you as a supervisor. "
                "It is sent only when there is something to say."
            ),
        }
