"""The caseload's safety columns: the latest safety decision and the risk level in force
(annotated by selectors.with_safety_and_risk)."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from families.caseload import NOTHING

from .models import OverrideStatus, RiskLevel, SafetyDecision
from .selectors import LATEST_RISK, LATEST_SAFETY

DECISION_BADGE = {
    SafetyDecision.UNSAFE: "text-bg-danger",
    SafetyDecision.CONDITIONALLY_SAFE: "text-bg-warning",
    SafetyDecision.SAFE: "text-bg-success",
}
HIGH_RISK = {RiskLevel.HIGH, RiskLevel.VERY_HIGH}


def safety_cell(family) -> SafeString:
    latest = LATEST_SAFETY.of(family)
    if latest is None or latest.decision not in DECISION_BADGE:
        return format_html('<span class="text-body-secondary">{}</span>', _("not assessed"))
    decision = SafetyDecision(latest.decision)
    return format_html('<span class="badge {}">{}</span>', DECISION_BADGE[decision], decision.label)


def risk_cell(family) -> SafeString:
    latest = LATEST_RISK.of(family)
    if latest is None:
        return NOTHING
    level = RiskLevel(latest.level)
    pending = (
        format_html(' <span class="small text-body-secondary">{}</span>', _("(override pending)"))
        if latest.override_status == OverrideStatus.PENDING
        else ""
    )
    emphasis = "fw-semibold text-danger-emphasis" if level in HIGH_RISK else ""
    return format_html('<span class="{}">{}</span>{}', emphasis, level.label, pending)
