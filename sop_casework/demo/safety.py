"""The demo families' safety work: a map, a network, a safety plan, SDM decisions, scaling
over time and the children's Three Houses. The Okafor-Reyes family gets exactly the worked
example of DOMAIN.md; the others get varied, realistic entries. Bulk inserts throughout.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from families.models import Caregiver, Child, Family, FamilyStatus
from protective_factors.models import FactorCode, ProtectiveFactor
from safety_networks.models import (
    Circle,
    DangerStatement,
    EntryKind,
    HarmStatement,
    MapEntry,
    MemberKind,
    NetworkMember,
    OverrideStatus,
    PlanStatus,
    RiskAssessment,
    RiskLevel,
    SafetyAssessment,
    SafetyDecision,
    SafetyGoal,
    SafetyPlan,
    SafetyPlanRule,
    SafetyThreat,
    ScalingGiver,
    ScalingScore,
    ThreeHouses,
)

from .meetings import at_hour
from .risk import reassessments, score_risks
from .sdm_safety import seed_scored_safety

BATCH = 2000

COMPLICATING = (
    "The family is behind on rent and has had an eviction notice.",
    "{caregiver} lost their job in the spring.",
    "{caregiver}'s own mother, their main support, moved away last year.",
    "The family has no car and the bus does not run in the evenings.",
    "{caregiver} grew up in foster care and has few people to call on.",
    "The apartment is small and the children share one room with the adults.",
)
STRENGTHS = (
    "{caregiver} gets the children to school every day.",
    "{caregiver} took {child} to the doctor as soon as they were worried.",
    "The children's aunt sees them most days.",
    "{child} says they feel close to {caregiver}.",
    "{caregiver} has kept every appointment with the worker.",
    "The family goes to church together and the pastor knows them well.",
)
EXISTING_SAFETY = (
    "Since the referral, {caregiver} has called a neighbour on two hard evenings instead of shouting.",
    "{child}'s grandmother has had the children every weekend for two months.",
    "{caregiver} moved the medicines to a locked cupboard the day after the worker's visit.",
)
NEXT_STEPS = (
    "The worker and {caregiver} meet the housing advocate on Tuesday.",
    "Hold the first Family Team Meeting with the aunt and the neighbour.",
    "{caregiver} calls the fathers' group coordinator this week.",
    "Ask the school counsellor to see {child} weekly.",
)
DANGERS = (
    (
        "when {caregiver} is angry and stressed {pronoun} may grab or hit",
        "they could be badly hurt",
    ),
    (
        "when {caregiver} has been drinking {pronoun} may leave the children alone at night without an adult "
        "to look after",
        "they could be hurt or frightened with no one to help them",
    ),
    (
        "when the adults argue it may turn violent in front of",
        "they could be hurt trying to stop it, and grow up scared at home",
    ),
)
GOALS = (
    (
        "when {caregiver} is angry {pronoun} walks away and calls someone from the safety network",
        "{children} are safe and feel safe at home",
        "an adult the children trust checks on them every day",
    ),
    (
        "{caregiver} stays sober when caring for the children, and a sober adult is always with them "
        "at night",
        "{children} always have a grown-up who can look after them",
        "the network checks in each evening and the treatment programme reports steady attendance "
        "and sobriety",
    ),
    (
        "the adults sort out disagreements calmly and away from the children, and leave when it heats up",
        "{children} live in a calm home and know who to call if they are scared",
        "no incidents for six months and the children telling their worker they feel safe",
    ),
)
MEMBERS = (
    ("aunt", MemberKind.INFORMAL, Circle.INNER, "checks in with the children every evening"),
    ("brother", MemberKind.INFORMAL, Circle.INNER, "takes the call when things get heated and comes over"),
    ("grandmother", MemberKind.INFORMAL, Circle.INNER, "has the children every weekend"),
    ("neighbour", MemberKind.INFORMAL, Circle.MIDDLE, "knows the plan and will call if she hears shouting"),
    ("family friend", MemberKind.INFORMAL, Circle.MIDDLE, "drives the family to appointments"),
    ("pastor", MemberKind.INFORMAL, Circle.OUTER, "checks on the family after Sunday service"),
    ("teacher", MemberKind.PROFESSIONAL, Circle.OUTER, "tells the worker if the child seems upset or hurt"),
    ("school counsellor", MemberKind.PROFESSIONAL, Circle.OUTER, "sees the child weekly"),
)
FIRST_NAMES = (
    "Lucía",
    "Samuel",
    "Grace",
    "Amina",
    "Jorge",
    "Mei",
    "Ruth",
    "Kofi",
    "Ana",
    "Tomasz",
    "Leila",
    "Hiro",
)
WORRIES = ("Daddy shouting", "when mum cries", "the loud nights", "not having dinner", "people fighting")
GOOD_THINGS = ("Aunt Lucía, drawing", "my dog", "football with my brother", "grandma's soup", "my teacher")
DREAMS = ("everyone happy at dinner", "a bedroom of my own", "being a doctor", "going to the beach together")


@dataclass
class _Rows:
    entries: list = field(default_factory=list)
    harms: list = field(default_factory=list)
    dangers: list = field(default_factory=list)
    danger_children: list = field(default_factory=list)  # (danger, child)
    goals: list = field(default_factory=list)
    goal_factors: list = field(default_factory=list)  # (goal, factor code)
    scores: list = field(default_factory=list)
    members: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    rule_members: list = field(default_factory=list)  # (rule, member)
    safety: list = field(default_factory=list)
    safety_threats: list = field(default_factory=list)  # (assessment, threat)
    risks: list = field(default_factory=list)
    houses: list = field(default_factory=list)


def _names(children: list[Child]) -> str:
    called = [c.called for c in children]
    return called[0] if len(called) == 1 else ", ".join(called[:-1]) + " and " + called[-1]


def seed_safety_work(
    *, households: list[tuple[Family, list[Caregiver], list[Child]]], agency, rng: random.Random, today: date
) -> None:
    """Safety work for most open families (and their history for closed ones)."""
    factors = {f.code: f for f in ProtectiveFactor.objects.all()}
    threats = list(SafetyThreat.objects.all())
    rows = _Rows()
    for family, caregivers, children in households:
        if not caregivers or not children or family.status == FamilyStatus.REFERRAL:
            continue
        if family.display_name == "Okafor-Reyes":
            _okafor_reyes(rows, family, caregivers, children, today, agency.supervisor_of(_by(family)))
        elif rng.random() < 0.85:
            _family(
                rows, rng, family, caregivers, children, today, threats, agency.supervisor_of(_by(family))
            )
    _one_override_decided_before_closing(rows, agency)
    _one_override_waiting_for_each_supervisor(rows, agency)
    score_risks(rows.risks)
    _save(rows, factors)
    in_home = {
        family.pk for family, _, children in households if any(c.left_household_on is None for c in children)
    }
    RiskAssessment.objects.bulk_create(
        reassessments(rows.risks, in_home=in_home, today=today), batch_size=BATCH
    )
    seed_scored_safety(today=today)  # through the services, on the rows just saved


def _one_override_decided_before_closing(rows: _Rows, agency) -> None:
    """Closed families' histories show at least one override its supervisor approved before
    the family closed, whatever the draws gave on this day."""
    closed = [risk for risk in rows.risks if risk.family.closed_on is not None]
    if any(risk.override_status == OverrideStatus.APPROVED for risk in closed):
        return
    for risk in closed:
        supervisor = agency.supervisor_of(_by(risk.family))
        if supervisor is not None:
            _override_approved(risk, supervisor, end=risk.family.closed_on)
            return


def _one_override_waiting_for_each_supervisor(rows: _Rows, agency) -> None:
    """Each supervisor's inbox has an override to decide, whatever the draws gave on this day:
    one on an open family of the unit (not the worked example, whose story has none)."""
    waiting = {
        agency.supervisor_of(_by(risk.family))
        for risk in rows.risks
        if risk.override_status == OverrideStatus.PENDING
    }
    for risk in rows.risks:
        family = risk.family
        supervisor = agency.supervisor_of(_by(family)) if _by(family) else None
        if (
            supervisor is None
            or supervisor in waiting
            or family.status != FamilyStatus.OPEN
            or family.display_name == "Okafor-Reyes"
            or risk.override_status != OverrideStatus.NONE
        ):
            continue
        risk.override_level = RiskLevel.HIGH if risk.scored_level != RiskLevel.HIGH else RiskLevel.VERY_HIGH
        risk.override_reason = "Recent police call-out not captured by the tool."
        risk.override_status = OverrideStatus.PENDING
        waiting.add(supervisor)


def _override_approved(risk: RiskAssessment, supervisor, *, end: date) -> None:
    risk.override_level = RiskLevel.HIGH if risk.scored_level != RiskLevel.HIGH else RiskLevel.VERY_HIGH
    risk.override_reason = "Recent police call-out not captured by the tool."
    risk.override_status = OverrideStatus.APPROVED
    risk.override_decided_by = supervisor
    risk.override_decided_at = at_hour(min(risk.assessed_on + timedelta(days=1), end), 10)


def _by(family: Family):
    return family.assigned_caseworker


def _family(rows: _Rows, rng, family, caregivers, children, today, threats, supervisor) -> None:
    worker = _by(family)
    start = family.referral_date + timedelta(days=rng.randint(3, 20))
    end = family.closed_on or today
    if start >= end:
        return
    caregiver, child = caregivers[0], rng.choice(children)
    fill = {"caregiver": caregiver.called, "child": child.called}
    common = {"family": family, "recorded_by": worker}
    for kind, texts, count in (
        (EntryKind.COMPLICATING_FACTOR, COMPLICATING, 2),
        (EntryKind.STRENGTH, STRENGTHS, 3),
        (EntryKind.EXISTING_SAFETY, EXISTING_SAFETY, 1),
        (EntryKind.NEXT_STEP, NEXT_STEPS, 2),
    ):
        for text in rng.sample(texts, k=min(count, len(texts))):
            rows.entries.append(MapEntry(kind=kind, text=text.format(**fill), noted_on=start, **common))
    pronoun = "they"
    rows.harms.append(
        HarmStatement(
            what_happened=f"{child.called} was found alone at home late at night"
            if rng.random() < 0.3
            else f"{child.called} came to school with a bruise on the arm",
            happened_on=family.referral_date - timedelta(days=1),
            child=child,
            caregiver=caregiver,
            caregiver_action=f"{caregiver.called} grabbed {child.called} hard while angry",
            effect=f"{child.called} was hurt and said they were scared to go home",
            noted_on=start,
            **common,
        )
    )
    index = rng.randrange(len(DANGERS))
    behaviour, consequence = DANGERS[index]
    danger = DangerStatement(
        who_is_worried=rng.choice(
            ["The school and the agency", "The agency", "Grandma, the school and the agency"]
        ),
        caregiver_behaviour=behaviour.format(caregiver=caregiver.called, pronoun=pronoun),
        what_could_happen=consequence,
        noted_on=start,
        **common,
    )
    rows.dangers.append(danger)
    rows.danger_children += [(danger, c) for c in children]
    will, experience, see = GOALS[index]
    goal = SafetyGoal(
        danger_statement=danger,
        caregivers_will=will.format(caregiver=caregiver.called, pronoun=pronoun),
        child_will_experience=experience.format(children=_names(children)),
        agency_needs_to_see=see,
        for_how_long="over the next six months",
        **common,
    )
    rows.goals.append(goal)
    rows.goal_factors += [(goal, FactorCode.PARENTAL_RESILIENCE), (goal, FactorCode.SOCIAL_CONNECTIONS)]
    if index == 1:
        rows.goal_factors.append((goal, FactorCode.CONCRETE_SUPPORT))

    members = []
    surname = family.display_name.split("-")[0]
    for relationship, kind, circle, agreed in rng.sample(MEMBERS, k=rng.randint(2, 5)):
        member = NetworkMember(
            name=f"{rng.choice(FIRST_NAMES)} {surname if kind == MemberKind.INFORMAL else 'Lee'}",
            relationship=relationship,
            kind=kind,
            circle=circle,
            phone=f"(555) 02{rng.randint(0, 9)}-{rng.randint(1000, 9999)}",
            agreed_to=agreed,
            knows_the_worries=rng.random() < 0.8,
            joined_on=start,
            **common,
        )
        members.append(member)
    rows.members += members

    # scaling: three to five occasions, each with the caregiver, one network member and the worker
    days = sorted(
        {start + timedelta(days=rng.randint(0, max((end - start).days, 1))) for _ in range(rng.randint(3, 5))}
    )
    base = rng.randint(2, 5)
    for step, day in enumerate(days):
        for name, giver, person, offset in (
            (caregiver.called, ScalingGiver.CAREGIVER, {"caregiver": caregiver}, 2),
            (members[0].name, ScalingGiver.NETWORK_MEMBER, {"network_member": members[0]}, 1),
            (worker.get_full_name(), ScalingGiver.CASEWORKER, {"staff": worker}, 0),
        ):
            score = max(0, min(10, base + offset + step + rng.choice([-1, 0, 0, 1])))
            rows.scores.append(
                ScalingScore(
                    score=score, given_by=giver, name=name, scored_on=min(day, end), **person, **common
                )
            )

    active = SafetyPlan(
        number=1,
        status=PlanStatus.ACTIVE,
        warning_signs="Raised voices, slammed doors, the children going quiet.",
        if_a_rule_is_broken="The network member calls the worker that day; the worker visits the next day.",
        backup_plan="If no one in the network answers, the children go to their aunt's for the night.",
        monitoring="Weekly visits for the first month, then every two weeks; weekly calls with the network.",
        review_on=start + timedelta(days=90),
        activated_on=start + timedelta(days=7),
        activated_by=worker,
        **common,
    )
    rows.plans.append(active)
    for position, text in enumerate(
        (
            f"When {caregiver.called} feels angry, they leave the room and call {members[0].name}.",
            f"{members[-1].name} checks in with the children every evening and calls the worker if they "
            "are scared.",
        )
    ):
        rule = SafetyPlanRule(plan=active, rule=text, how_it_holds="By phone, every day.", position=position)
        rows.rules.append(rule)
        rows.rule_members.append((rule, members[0] if position == 0 else members[-1]))

    decision = rng.choices(
        [SafetyDecision.SAFE, SafetyDecision.CONDITIONALLY_SAFE, SafetyDecision.UNSAFE], weights=[35, 55, 10]
    )[0]
    assessment = SafetyAssessment(
        assessed_on=start,
        decision=decision,
        placement_made=decision == SafetyDecision.UNSAFE,
        notes="Assessed at the first home visit.",
        **common,
    )
    rows.safety.append(assessment)
    if decision != SafetyDecision.SAFE and threats:
        rows.safety_threats += [(assessment, t) for t in rng.sample(threats[:8], k=rng.randint(1, 2))]
    level = rng.choices(list(RiskLevel), weights=[20, 35, 30, 15])[0]
    risk = RiskAssessment(assessed_on=start + timedelta(days=2), scored_level=level, **common)
    if rng.random() < 0.12:  # the worker asks to override the tool's level
        agreed = supervisor is not None and rng.random() < 0.5  # and the unit's supervisor has agreed
        # Nothing waits on a closed family: its supervisor decided before it closed (with no
        # supervisor to decide, the worker did not ask).
        agreed = agreed or (family.closed_on is not None and supervisor is not None)
        if agreed:
            _override_approved(risk, supervisor, end=end)
        elif family.closed_on is None:
            risk.override_level = RiskLevel.HIGH if level != RiskLevel.HIGH else RiskLevel.VERY_HIGH
            risk.override_reason = "Recent police call-out not captured by the tool."
            risk.override_status = OverrideStatus.PENDING
    rows.risks.append(risk)
    for kid in children:
        if kid.age is not None and kid.age >= 4 and rng.random() < 0.6:
            rows.houses.append(
                ThreeHouses(
                    child=kid,
                    recorded_on=start + timedelta(days=5),
                    house_of_worries=rng.choice(WORRIES),
                    house_of_good_things=rng.choice(GOOD_THINGS),
                    house_of_hopes_and_dreams=rng.choice(DREAMS),
                    sat_with=worker.get_full_name(),
                    **common,
                )
            )


def _okafor_reyes(rows: _Rows, family, caregivers, children, today, supervisor) -> None:
    """DOMAIN.md's worked example, word for word."""
    maria, daniel = caregivers
    sofia, tomas = sorted(children, key=lambda c: c.date_of_birth)  # the elder first
    worker = _by(family)
    first_visit = family.referral_date + timedelta(days=2)
    common = {"family": family, "recorded_by": worker}
    rows.harms.append(
        HarmStatement(
            what_happened="Sofía came to school on 3 March with a bruise on her upper arm",
            happened_on=family.referral_date - timedelta(days=1),
            child=sofia,
            caregiver=daniel,
            caregiver_action="grabbed her hard when he was angry that she woke Tomás",
            effect="she had a bruise and told her teacher she was scared",
            noted_on=first_visit,
            **common,
        )
    )
    for kind, text in (
        (EntryKind.COMPLICATING_FACTOR, "Daniel lost his job in January."),
        (EntryKind.COMPLICATING_FACTOR, "The family is behind on rent."),
        (EntryKind.COMPLICATING_FACTOR, "Maria's mother, her main support, moved away last year."),
        (EntryKind.STRENGTH, "Maria gets the children to school every day."),
        (EntryKind.STRENGTH, "Daniel took Sofía to the doctor himself."),
        (EntryKind.EXISTING_SAFETY, "The children's aunt Lucía sees them most days."),
        (EntryKind.NEXT_STEP, "Maria and the worker apply for rental assistance by 30 April."),
        (EntryKind.NEXT_STEP, "Daniel joins a weekly fathers' group."),
    ):
        rows.entries.append(MapEntry(kind=kind, text=text, noted_on=first_visit, **common))
    danger = DangerStatement(
        who_is_worried="The school, Maria and the agency",
        caregiver_behaviour="when Daniel is angry and stressed he may grab or hit",
        what_could_happen="they could be badly hurt",
        noted_on=first_visit,
        **common,
    )
    rows.dangers.append(danger)
    rows.danger_children += [(danger, sofia), (danger, tomas)]
    goal = SafetyGoal(
        danger_statement=danger,
        caregivers_will=(
            "Maria, Daniel and their network will show the agency that when Daniel is angry he walks away "
            "and "
            "calls his brother"
        ),
        child_will_experience="Sofía and Tomás are safe and feel safe at home",
        agency_needs_to_see="an adult the children trust checking on them every day",
        for_how_long="over the next six months",
        **common,
    )
    rows.goals.append(goal)
    rows.goal_factors += [(goal, FactorCode.PARENTAL_RESILIENCE), (goal, FactorCode.SOCIAL_CONNECTIONS)]
    lucia = NetworkMember(
        name="Lucía Reyes",
        relationship="aunt",
        circle=Circle.INNER,
        phone="(555) 020-1188",
        agreed_to="checks in with Sofía every evening",
        knows_the_worries=True,
        joined_on=first_visit,
        **common,
    )
    samuel = NetworkMember(
        name="Samuel Okafor",
        relationship="Daniel's brother",
        circle=Circle.INNER,
        phone="(555) 020-7731",
        agreed_to="Daniel calls him when he is angry",
        knows_the_worries=True,
        joined_on=first_visit,
        **common,
    )
    chen = NetworkMember(
        name="Mrs. Chen",
        relationship="neighbour",
        circle=Circle.MIDDLE,
        agreed_to="knows the plan",
        knows_the_worries=True,
        joined_on=first_visit,
        **common,
    )
    teacher = NetworkMember(
        name="Ms. Alvarez",
        relationship="Sofía's teacher",
        kind=MemberKind.PROFESSIONAL,
        circle=Circle.OUTER,
        agreed_to="tells the worker if Sofía seems upset or hurt",
        knows_the_worries=True,
        joined_on=first_visit,
        **common,
    )
    rows.members += [lucia, samuel, chen, teacher]
    meeting_day = family.referral_date + timedelta(days=14)
    first_meeting = [
        ("Maria", ScalingGiver.CAREGIVER, {"caregiver": maria}, 6),
        ("Daniel", ScalingGiver.CAREGIVER, {"caregiver": daniel}, 7),
        ("Lucía Reyes", ScalingGiver.NETWORK_MEMBER, {"network_member": lucia}, 5),
        (worker.get_full_name(), ScalingGiver.CASEWORKER, {"staff": worker}, 3),
    ]
    if supervisor is not None:
        first_meeting.append((supervisor.get_full_name(), ScalingGiver.SUPERVISOR, {"staff": supervisor}, 3))
    for name, giver, person, score in first_meeting:
        rows.scores.append(
            ScalingScore(
                score=score,
                given_by=giver,
                name=name,
                scored_on=meeting_day,
                occasion="First Family Team Meeting",
                **person,
                **common,
            )
        )
    later = min(today - timedelta(days=1), meeting_day + timedelta(days=21))
    for name, giver, person, score in (
        ("Maria", ScalingGiver.CAREGIVER, {"caregiver": maria}, 7),
        (worker.get_full_name(), ScalingGiver.CASEWORKER, {"staff": worker}, 5),
    ):
        rows.scores.append(
            ScalingScore(
                score=score,
                given_by=giver,
                name=name,
                scored_on=later,
                occasion="Home visit",
                **person,
                **common,
            )
        )
    plan = SafetyPlan(
        number=1,
        status=PlanStatus.ACTIVE,
        warning_signs="Daniel raising his voice; Sofía going quiet or asking to stay at Lucía's.",
        if_a_rule_is_broken="Lucía or Samuel calls the worker that day; the worker visits within 24 hours.",
        backup_plan="If Samuel does not answer, Daniel goes for a walk and calls Lucía.",
        monitoring="The worker visits weekly and calls Lucía every Friday.",
        review_on=meeting_day + timedelta(days=90),
        activated_on=meeting_day,
        activated_by=worker,
        **common,
    )
    rows.plans.append(plan)
    rule = SafetyPlanRule(
        plan=plan,
        rule="When Daniel feels angry he leaves the room and calls Samuel.",
        how_it_holds="Samuel answers day or night, and comes over if Daniel is still angry after the call.",
        position=0,
    )
    check = SafetyPlanRule(
        plan=plan,
        rule="Lucía checks in with Sofía every evening and calls the worker if Sofía says she is scared.",
        how_it_holds="A phone call or a visit every evening at seven.",
        position=1,
    )
    rows.rules += [rule, check]
    rows.rule_members += [(rule, samuel), (check, lucia)]
    rows.safety.append(
        SafetyAssessment(
            assessed_on=meeting_day,
            decision=SafetyDecision.CONDITIONALLY_SAFE,
            notes="Safe with the safety plan in place.",
            **common,
        )
    )
    rows.risks.append(RiskAssessment(assessed_on=meeting_day, scored_level=RiskLevel.HIGH, **common))
    rows.houses.append(
        ThreeHouses(
            child=sofia,
            recorded_on=first_visit,
            house_of_worries="Daddy shouting",
            house_of_good_things="Aunt Lucía, drawing",
            house_of_hopes_and_dreams="everyone happy at dinner",
            sat_with=worker.get_full_name(),
            **common,
        )
    )


def _save(rows: _Rows, factors: dict) -> None:
    for model, objects in (
        (MapEntry, rows.entries),
        (HarmStatement, rows.harms),
        (DangerStatement, rows.dangers),
        (SafetyGoal, rows.goals),
        (NetworkMember, rows.members),
        (ScalingScore, rows.scores),  # linked to network members
        (SafetyPlan, rows.plans),
        (SafetyPlanRule, rows.rules),
        (SafetyAssessment, rows.safety),
        (RiskAssessment, rows.risks),
        (ThreeHouses, rows.houses),
    ):
        # in dependency order: bulk_create takes each saved statement's and plan's new id
        model.objects.bulk_create(objects, batch_size=BATCH)
    through = DangerStatement.children.through
    through.objects.bulk_create(
        [through(dangerstatement_id=d.pk, child_id=c.pk) for d, c in rows.danger_children], batch_size=BATCH
    )
    through = SafetyGoal.protective_factors.through
    through.objects.bulk_create(
        [through(safetygoal_id=g.pk, protectivefactor_id=factors[code].pk) for g, code in rows.goal_factors],
        batch_size=BATCH,
    )
    through = SafetyPlanRule.responsible.through
    through.objects.bulk_create(
        [through(safetyplanrule_id=r.pk, networkmember_id=m.pk) for r, m in rows.rule_members],
        batch_size=BATCH,
    )
    through = SafetyAssessment.threats.through
    through.objects.bulk_create(
        [through(safetyassessment_id=a.pk, safetythreat_id=t.pk) for a, t in rows.safety_threats],
        batch_size=BATCH,
    )
