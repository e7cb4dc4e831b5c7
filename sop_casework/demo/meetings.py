"""Held and upcoming Family Team Meetings for the demo families, with attendance, the
meeting's scaling numbers and action items (some overdue, as in a real caseload)."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from families.models import Caregiver, Child, Family, FamilyStatus
from meetings.models import ActionItem, ActionStatus, Meeting, MeetingScaling, MeetingStatus, Participant
from safety_networks.models import NetworkMember, ScalingScore

ACTIONS = (
    ("Apply for rental assistance with the housing advocate", 14),
    ("Call the fathers' group coordinator", 7),
    ("Check in with the children every evening", 30),
    ("Ask the school counsellor to see the child weekly", 10),
    ("Book the family's first appointment at the health clinic", 21),
)


def at_hour(day: date, hour: int) -> datetime:
    """That day at that hour, in the agency's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed_meetings(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], rng: random.Random, today: date
):
    families = [f for f, caregivers, _ in households if f.status != FamilyStatus.REFERRAL and caregivers]
    eligible = {f.pk for f in families}
    members: dict[int, list[NetworkMember]] = {}
    for member in NetworkMember.objects.filter(family__in=families):
        members.setdefault(member.family_id, []).append(member)
    first_scores: dict[int, list[ScalingScore]] = {}
    for score in ScalingScore.objects.filter(family__in=families).order_by("scored_on", "id"):
        day_scores = first_scores.setdefault(score.family_id, [])
        if not day_scores or day_scores[0].scored_on == score.scored_on:
            day_scores.append(score)
    meetings, participants, items, links = [], [], [], []
    for family, caregivers, children in households:
        worked_example = family.display_name == "Okafor-Reyes"  # DOMAIN.md: its first meeting's scaling
        if family.pk not in eligible or (rng.random() > 0.8 and not worked_example):
            continue
        worker = family.assigned_caseworker
        scores = first_scores.get(family.pk, [])
        held_on = (
            scores[0].scored_on if scores else family.referral_date + timedelta(days=rng.randint(20, 55))
        )
        if held_on >= (family.closed_on or today):
            continue
        meeting = Meeting(
            family=family,
            meeting_type="initial",
            scheduled_at=at_hour(held_on, 10),
            place="Family room, county office",
            facilitator="Jordan Ellis (FTM facilitator)",
            purpose="Agree the worries, the goals and the safety plan.",
            status=MeetingStatus.HELD,
            recorded_by=worker,
            worries="What could happen when the adults are stressed and angry.",
            working_well="The children are at school every day; family nearby helps.",
            needs_to_happen="A safety plan the network can hold; help with rent.",
            decisions="The safety plan starts this week; the network checks in daily.",
        )
        meetings.append(meeting)
        for caregiver in caregivers:
            participants.append(
                Participant(
                    meeting=meeting,
                    kind="caregiver",
                    caregiver=caregiver,
                    name=caregiver.full_name,
                    attended=caregiver.lives_in_home,
                )
            )
        for member in members.get(family.pk, [])[:3]:
            participants.append(
                Participant(
                    meeting=meeting,
                    kind="network_member",
                    network_member=member,
                    name=member.name,
                    attended=rng.random() < 0.85,
                )
            )
        for child in children:
            if child.age is not None and child.age >= 12:
                participants.append(
                    Participant(
                        meeting=meeting, kind="child", child=child, name=child.full_name, attended=True
                    )
                )
        links += [MeetingScaling(meeting=meeting, scaling_score=score) for score in scores]
        for what, days in rng.sample(ACTIONS, k=2):
            due = held_on + timedelta(days=days)
            done = due < today and rng.random() < 0.7
            items.append(
                ActionItem(
                    meeting=meeting,
                    family=family,
                    what=what,
                    who=caregivers[0].full_name if "child" not in what else worker.get_full_name(),
                    due_on=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    done_on=due if done else None,
                )
            )
        if not family.closed_on and rng.random() < 0.35:
            meetings.append(
                Meeting(
                    family=family,
                    meeting_type="case_plan_review",
                    scheduled_at=at_hour(today + timedelta(days=rng.randint(2, 21)), 14),
                    place="Family home",
                    purpose="Review how the plan is going.",
                    recorded_by=worker,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Participant.objects.bulk_create(participants, batch_size=5000)
    ActionItem.objects.bulk_create(items, batch_size=5000)
    MeetingScaling.objects.bulk_create(links, batch_size=5000)
