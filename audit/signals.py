"""Sign-ins, failed sign-ins and sign-outs go to the audit trail, from Django's own auth signals."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import AuditAction
from .services import audit_record


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.LOGIN)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    # Only the user name typed is kept, never the password.
    audit_record(
        actor=None, action=AuditAction.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150]
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT)
