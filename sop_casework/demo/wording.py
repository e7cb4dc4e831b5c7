"""The Spanish-speaking families of the demo have most of their texts in Spanish too (issue 17),
as a person would have translated them: the demo's own English sentences, matched with their
Spanish wording below (nothing is machine-translated). Their well-being goals are left as
staff wrote them, so the family's wording page and the PDF form show what is still missing."""

import re

from django.utils import translation

from case_plans.models import CasePlanStep
from meetings.models import ActionItem
from safety_networks.models import DangerStatement, SafetyGoal, SafetyPlanRule
from safety_networks.statements import danger_sentence, goal_sentence

LANGUAGE = "es"

# (the demo's English, its Spanish): {name} stands for a name, the same in both.
WHO = (
    ("The school and the agency", "La escuela y la agencia"),
    ("The agency", "La agencia"),
    ("Grandma, the school and the agency", "La abuela, la escuela y la agencia"),
)
BEHAVIOURS = (
    (
        "when {caregiver} is angry and stressed they may grab or hit",
        "cuando {caregiver} se enoja y se estresa puede agarrar o golpear a",
    ),
    (
        "when {caregiver} has been drinking they may leave the children alone at night without an adult "
        "to look after",
        "cuando {caregiver} ha estado bebiendo puede dejar solos de noche, sin un adulto que los cuide, a",
    ),
    (
        "when the adults argue it may turn violent in front of",
        "cuando los adultos discuten puede haber violencia delante de",
    ),
)
CONSEQUENCES = (
    ("they could be badly hurt", "podrían salir muy lastimados"),
    (
        "they could be hurt or frightened with no one to help them",
        "podrían lastimarse o asustarse sin nadie que los ayude",
    ),
    (
        "they could be hurt trying to stop it, and grow up scared at home",
        "podrían lastimarse al intentar detenerlo, y crecer con miedo en casa",
    ),
)
CAREGIVERS_WILL = (
    (
        "when {caregiver} is angry they walks away and calls someone from the safety network",
        "cuando {caregiver} se enoja, se aleja y llama a alguien de la red de seguridad",
    ),
    (
        "{caregiver} stays sober when caring for the children, and a sober adult is always with them "
        "at night",
        "{caregiver} no bebe cuando cuida a los niños, y siempre hay un adulto sobrio con ellos de noche",
    ),
    (
        "the adults sort out disagreements calmly and away from the children, and leave when it heats up",
        "los adultos resuelven sus desacuerdos con calma y lejos de los niños, y se van cuando la "
        "discusión se calienta",
    ),
)
CHILDREN_EXPERIENCE = (
    ("{children} are safe and feel safe at home", "{children} estén seguros y se sientan seguros en casa"),
    (
        "{children} always have a grown-up who can look after them",
        "{children} siempre tengan un adulto que los cuide",
    ),
    (
        "{children} live in a calm home and know who to call if they are scared",
        "{children} vivan en un hogar tranquilo y sepan a quién llamar si tienen miedo",
    ),
)
AGENCY_SEES = (
    (
        "an adult the children trust checks on them every day",
        "que un adulto en quien los niños confían los visita cada día",
    ),
    (
        "the network checks in each evening and the treatment programme reports steady attendance "
        "and sobriety",
        "que la red llama cada tarde y que el programa de tratamiento informa que va siempre y no bebe",
    ),
    (
        "no incidents for six months and the children telling their worker they feel safe",
        "seis meses sin incidentes, y que los niños le digan a su trabajador(a) social que se "
        "sienten seguros",
    ),
)
HOW_LONG = (("over the next six months", "durante los próximos seis meses"),)
RULES = (
    (
        "When {caregiver} feels angry, they leave the room and call {member}.",
        "Cuando {caregiver} se siente enojado(a), sale del cuarto y llama a {member}.",
    ),
    (
        "{member} checks in with the children every evening and calls the worker if they are scared.",
        "{member} habla con los niños cada tarde y llama al trabajador(a) social si tienen miedo.",
    ),
)
HOW_IT_HOLDS = (
    ("By phone, every day.", "Por teléfono, cada día."),
    (
        "Samuel answers day or night, and comes over if Daniel is still angry after the call.",
        "Samuel contesta de día o de noche, y viene si Daniel sigue enojado después de la llamada.",
    ),
    ("A phone call or a visit every evening at seven.", "Una llamada o una visita cada tarde a las siete."),
)
STEPS = (("Use the safety plan's rule every time", "Seguir la regla del plan de seguridad cada vez"),)
PROGRESS = (
    (
        "The network reports each week that the rule held",
        "La red cuenta cada semana que la regla se cumplió",
    ),
)
ACTIONS = (
    (
        "Apply for rental assistance with the housing advocate",
        "Pedir ayuda para la renta con la persona de apoyo de vivienda",
    ),
    ("Call the fathers' group coordinator", "Llamar al coordinador del grupo de padres"),
    ("Check in with the children every evening", "Hablar con los niños cada tarde"),
    (
        "Ask the school counsellor to see the child weekly",
        "Pedir al consejero escolar que vea al niño cada semana",
    ),
    (
        "Book the family's first appointment at the health clinic",
        "Hacer la primera cita de la familia en la clínica de salud",
    ),
)


def _compiled(table):
    compiled = []
    for english, spanish in table:
        pattern = re.escape(english)
        for name in re.findall(r"\{(\w+)\}", english):
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>.+?)", 1)
        compiled.append((re.compile(pattern + "$"), spanish))
    return compiled


def _in_spanish(text: str, table) -> str | None:
    """The Spanish of one of the demo's sentences; None for a sentence it does not have."""
    for pattern, spanish in _compiled(table):
        found = pattern.match(" ".join(text.split()))
        if found:
            names = {k: v.replace(" and ", " y ") for k, v in found.groupdict().items()}
            return spanish.format(**names)
    return None


def _danger(danger: DangerStatement) -> str | None:
    parts = (
        _in_spanish(danger.who_is_worried, WHO),
        _in_spanish(danger.caregiver_behaviour, BEHAVIOURS),
        _in_spanish(danger.what_could_happen, CONSEQUENCES),
    )
    if None in parts:
        return None
    with translation.override(LANGUAGE):
        return danger_sentence(
            who_is_worried=parts[0],
            caregiver_behaviour=parts[1],
            children=[c.called for c in danger.children.all()],
            what_could_happen=parts[2],
        )


def _goal(goal: SafetyGoal) -> str | None:
    parts = (
        _in_spanish(goal.caregivers_will, CAREGIVERS_WILL),
        _in_spanish(goal.child_will_experience, CHILDREN_EXPERIENCE),
        _in_spanish(goal.agency_needs_to_see, AGENCY_SEES),
        _in_spanish(goal.for_how_long, HOW_LONG),
    )
    if None in parts:
        return None
    with translation.override(LANGUAGE):
        return goal_sentence(
            caregivers_will=parts[0],
            child_will_experience=parts[1],
            agency_needs_to_see=parts[2],
            for_how_long=parts[3],
        )


def seed_family_wording(*, households) -> None:
    """Spanish wording for the Spanish-speaking families' danger statements, safety goals,
    rules (and how each holds), case-plan steps (and how progress will be shown) and action
    items. A few queries per kind, whatever the number of families."""
    families = [family.pk for family, _, _ in households if family.document_language == LANGUAGE]
    if not families:
        return
    # each kind: its records, and the Spanish of each of a record's texts (in worded_fields' order)
    kinds = (
        (DangerStatement.objects.filter(family_id__in=families).prefetch_related("children"), (_danger,)),
        (SafetyGoal.objects.filter(family_id__in=families), (_goal,)),
        (
            SafetyPlanRule.objects.filter(plan__family_id__in=families),
            (lambda r: _in_spanish(r.rule, RULES), lambda r: _in_spanish(r.how_it_holds, HOW_IT_HOLDS)),
        ),
        (
            CasePlanStep.objects.filter(plan__family_id__in=families),
            (lambda s: _in_spanish(s.what, STEPS), lambda s: _in_spanish(s.progress_shown_by, PROGRESS)),
        ),
        (ActionItem.objects.filter(family_id__in=families), (lambda i: _in_spanish(i.what, ACTIONS),)),
    )
    # The newest action item of these families is left as staff wrote it, not yet put in the
    # family's words, so the pages show what is missing even on a day the draws gave the
    # Spanish-speaking families no well-being goal (which is never worded here).
    newest_item = (
        ActionItem.objects.filter(family_id__in=families).order_by("-pk").values_list("pk", flat=True)[:1]
    )
    not_yet = {(ActionItem, pk) for pk in newest_item}
    for records, spanish_of in kinds:
        fields = records.model.worded_fields
        worded = []
        for record in records:
            if (records.model, record.pk) in not_yet:
                continue
            wordings = [(field, spanish(record)) for field, spanish in zip(fields, spanish_of, strict=True)]
            if not any(wording for _field, wording in wordings):
                continue
            for field, wording in wordings:
                if wording:
                    setattr(record, field.wording, wording)
                    setattr(record, field.of, getattr(record, field.original))
            record.family_wording_language = LANGUAGE
            worded.append(record)
        columns = [name for field in fields for name in (field.wording, field.of)]
        records.model.objects.bulk_update(worded, [*columns, "family_wording_language"], batch_size=2000)
