"""Demo referrals: every family came through the front door (a referral with its
allegations, screened in at its response time); families past the investigation have their
findings; some families had a report screened out a year or two before. The reporters'
names are invented and confidential like real ones."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.models import Caregiver, Child, Family, FamilyStatus
from intake.models import Allegation, Referral, Reporter

REPORTS = [
    (
        "school",
        True,
        "{child} came to school with a bruise and said an adult at home grabbed them.",
        "physical_abuse",
    ),
    (
        "medical",
        True,
        "{child} was seen at the clinic underweight, with missed appointments.",
        "general_neglect",
    ),
    (
        "law_enforcement",
        True,
        "Police were called to the home for a fight between the adults; {child} was there.",
        "emotional_abuse",
    ),
    ("relative", False, "A relative says {child} is often left alone at night.", "general_neglect"),
    ("neighbour", False, "A neighbour hears shouting and {child} crying most evenings.", "emotional_abuse"),
    (
        "anonymous",
        False,
        "A caller says the children are not fed and the home has no heat.",
        "general_neglect",
    ),
]
REPORTER_NAMES = ["Ms. Alvarez", "Dr. Patel", "Officer Brooks", "Mr. Nguyen", "Ms. Kowalski", "Mrs. Adeyemi"]
CHANNEL_OF = {"law_enforcement": "law_enforcement", "medical": "phone", "school": "phone"}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def seed_intake(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], agency, rng: random.Random, today: date
) -> None:
    referrals, reporters, allegations = [], [], []
    for family, caregivers, children in households:
        if not children or not caregivers:
            continue
        supervisor = agency.supervisor_of(family.assigned_caseworker)
        worker = family.assigned_caseworker
        okafor = family.display_name == "Okafor-Reyes"
        kind_index = 0 if okafor else rng.randrange(len(REPORTS))
        reporter_type, mandated, text, kind = REPORTS[kind_index]
        if rng.random() < 0.2 and not okafor:  # a report screened out a year or two before
            day = family.referral_date - timedelta(days=rng.randint(300, 700))
            prior = Referral(
                family=family,
                received_at=_at(day, 10),
                channel="phone",
                reporter_type="neighbour",
                what_was_reported=(
                    f"A neighbour worried about {children[0].first_name}: the children play outside late."
                ),
                recorded_by=supervisor,
                screening="screened_out",
                screened_on=day,
                screened_by=supervisor,
                screen_out_reason=(
                    "No allegation of abuse or neglect; the family agreed to a call from the resource centre."
                ),
                community_services=True,
                community_services_to="Family resource centre",
            )
            referrals.append((prior, None, [(children[0], "general_neglect", None, "A neighbour")]))
        findings_on = None
        if family.status != FamilyStatus.REFERRAL and family.first_contact_at is not None:
            end = min(today, family.closed_on or today)
            findings_on = min(
                end, timezone.localdate(family.first_contact_at) + timedelta(days=rng.randint(14, 30))
            )
        child = children[0]
        referral = Referral(
            family=family,
            received_at=_at(family.referral_date, 9),
            channel=CHANNEL_OF.get(reporter_type, "phone"),
            reporter_type=reporter_type,
            reporter_mandated=mandated,
            what_was_reported=(
                "Sofía came to school with a bruise on her upper arm. She said Daniel grabbed her hard "
                "when he was angry that she woke Tomás."
                if okafor
                else text.format(child=child.first_name)
            ),
            recorded_by=worker,
            screening="screened_in",
            response_time=family.response_priority,
            screened_on=family.referral_date,
            screened_by=supervisor,
            findings_on=findings_on,
            findings_by=worker if findings_on else None,
        )
        name = (
            ("Ms. Jenkins (Sofía's teacher)" if okafor else rng.choice(REPORTER_NAMES))
            if reporter_type != "anonymous"
            else None
        )
        responsible = caregivers[-1] if okafor else rng.choice(caregivers)
        rows = [(child, kind, responsible, "")]
        if len(children) > 1:
            rows.append((children[1], "at_risk_sibling", responsible, ""))
        referrals.append((referral, name, rows))
    Referral.objects.bulk_create([r for r, _name, _rows in referrals])
    for referral, name, rows in referrals:
        if name:
            reporters.append(
                Reporter(referral=referral, name=name, contact="555-0100 (agency hotline notes)")
            )
        for index, (child, kind, caregiver, other) in enumerate(rows):
            finding = ""
            if referral.findings_on:
                finding = (
                    "substantiated"
                    if index == 0 and rng.random() < 0.6
                    else rng.choice(["inconclusive", "unfounded"])
                )
            allegations.append(
                Allegation(
                    referral=referral,
                    family=referral.family,
                    child=child,
                    kind=kind,
                    alleged_caregiver=caregiver,
                    alleged_other=other if caregiver is None else "",
                    what_was_reported=referral.what_was_reported[:120],
                    finding=finding,
                    found_on=referral.findings_on if finding else None,
                    found_by=referral.findings_by if finding else None,
                )
            )
    Reporter.objects.bulk_create(reporters)
    Allegation.objects.bulk_create(allegations)
