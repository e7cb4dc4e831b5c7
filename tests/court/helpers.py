"""A family with a hearing and a map, for the court's tests."""

from datetime import date, timedelta

from django.utils import timezone

from court import services
from intake.models import Referral, Reporter
from protective_factors.models import ProtectiveFactor
from safety_networks.models import ScalingScore
from safety_networks.services import danger_statement_save, map_entry_save, network_member_save
from tests.factories import ChildFactory

DANGER_BEHAVIOUR = "when Daniel is angry and stressed he may grab or hit Sofia"
GOAL_WILL = "when Daniel is angry he walks away and calls his brother Samuel"
REPORTER = "Priya Raman"


def with_map(family, worker):
    """Sofía, a danger statement with its goal, a strength, a network member, scaling."""
    sofia = ChildFactory(family=family, first_name="Sofia")
    factor = ProtectiveFactor.objects.get(code="parental_resilience")
    danger_statement_save(
        family=family,
        by=worker,
        children=[sofia],
        factors=[factor],
        statement_fields={
            "who_is_worried": "The school, Maria and the agency",
            "caregiver_behaviour": DANGER_BEHAVIOUR,
            "what_could_happen": "she could be badly hurt",
        },
        goal_fields={
            "caregivers_will": GOAL_WILL,
            "child_will_experience": "Sofia is safe and feels safe at home",
            "agency_needs_to_see": "an adult Sofia trusts checks on her every day",
            "for_how_long": "over the next six months",
        },
    )
    map_entry_save(
        family=family, by=worker, kind="strength", text="Maria gets the children to school every day"
    )
    network_member_save(
        family=family, by=worker, name="Lucia", relationship="aunt", kind="informal", circle="inner"
    )
    for days, score in ((60, 3), (10, 5)):
        ScalingScore.objects.create(
            family=family,
            recorded_by=worker,
            score=score,
            given_by="caseworker",
            name="Alice",
            staff=worker,
            scored_on=date.today() - timedelta(days=days),
        )
    return sofia


def with_reporter(family, name=REPORTER):
    referral = Referral.objects.create(
        family=family,
        received_at=timezone.now(),
        channel="phone",
        reporter_type="school",
        what_was_reported="A bruise on Sofia's arm",
        recorded_by=family.assigned_caseworker,
    )
    Reporter.objects.create(referral=referral, name=name)
    return referral


def hearing(family, worker, *, days_ahead=20, kind="six_month_review", children=None, outcome=""):
    children = children if children is not None else list(family.children.all())
    return services.hearing_save(
        family=family,
        by=worker,
        kind=kind,
        hearing_on=date.today() + timedelta(days=days_ahead),
        children=children,
        outcome=outcome,
    )


def ready_report(hearing_row, worker):
    report = services.court_report_start(hearing=hearing_row, by=worker)
    return services.court_report_update(
        report=report,
        by=worker,
        summary="Sofia has been in care since March.",
        assessment="Daniel calls Samuel when angry.",
        recommendation="Continue family reunification services.",
    )
