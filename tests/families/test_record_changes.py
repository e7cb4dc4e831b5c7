"""Every record of a case has its changes, field by field: on the family's Changes page and
on the record's own Changes page (families:record_changes), linked from the record's page.
Who changed what, when, old → new, under the field's verbose (translated) name. Each app
registers its records from its own AppConfig (families imports none of them)."""

# ruff: noqa: F811
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from families.extensions import history_sources
from families.history import _tracked_fields, all_sources, changes_kind
from meetings.models import ActionItem
from meetings.services import action_item_save
from protective_factors.models import Instrument, WellBeingGoal
from protective_factors.services import assessment_start
from safety_networks.models import (
    DangerStatement,
    HarmStatement,
    MapEntry,
    NetworkMember,
    RiskAssessment,
    SafetyAssessment,
    SafetyGoal,
    SafetyPlanRule,
    ScalingScore,
    ThreeHouses,
)
from safety_networks.services import (
    harm_statement_save,
    map_entry_save,
    risk_assessment_record,
    safety_assessment_record,
    safety_plan_activate,
    scaling_record,
    three_houses_save,
)
from tests.case_plans.test_printed_documents import (  # noqa: F401  (fixtures)
    case_plan,
    factors,
    meeting,
    people,
    safety_plan,
    samuel,
)
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def changed_by(user, record, **fields):
    """A correction saved by `user` (what the edit pages' services do, field by field)."""
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()
    return record


@pytest.fixture
def world(family, alice, bob, people, case_plan, safety_plan, meeting, samuel):
    """A record of every kind the safety work, protective factors, meetings and case plans
    keep, each added by alice and then corrected by bob."""
    sofia = people["sofia"]
    entry = map_entry_save(
        family=family, by=alice, kind="strength", text="Maria gets the children to school."
    )
    harm = harm_statement_save(
        family=family,
        by=alice,
        child=sofia,
        caregiver=people["daniel"],
        what_happened="Sofía came to school with a bruise.",
        caregiver_action="grabbed her hard",
        effect="She was scared.",
    )
    score = scaling_record(family=family, by=alice, given_by="other", name="Lucía", score=5)
    houses = three_houses_save(
        family=family, by=alice, child=sofia, house_of_worries="Daddy shouting", sat_with="Alice"
    )
    safety_plan_activate(plan=safety_plan, by=alice)
    safety = safety_assessment_record(
        family=family, by=alice, threats=[], decision="conditionally_safe", notes="First look."
    )
    risk = risk_assessment_record(family=family, by=alice, scored_level="moderate")
    item = action_item_save(
        meeting=meeting,
        by=alice,
        what="Call Samuel each evening",
        who="Daniel",
        due_on=date.today() + timedelta(7),
    )
    assessment = assessment_start(
        family=family, by=alice, instrument=Instrument.objects.first(), caregiver=people["maria"]
    )
    records = {
        "entry": changed_by(bob, entry, text="Maria gets the children to school every day."),
        "harm": changed_by(bob, harm, effect="She was scared to go home."),
        "danger": changed_by(bob, DangerStatement.objects.get(family=family), who_is_worried="The school"),
        "goal": changed_by(bob, SafetyGoal.objects.get(family=family), for_how_long="over the next year"),
        "score": changed_by(bob, score, score=6),
        "member": changed_by(bob, NetworkMember.objects.get(pk=samuel.pk), circle="inner"),
        "plan": safety_plan,
        "rule": changed_by(bob, SafetyPlanRule.objects.get(plan=safety_plan), how_it_holds="Samuel answers."),
        "safety": changed_by(bob, safety, notes="Second look."),
        "risk": changed_by(bob, risk, scored_level="high"),
        "houses": changed_by(bob, houses, house_of_worries="Daddy shouting at night"),
        "meeting": changed_by(bob, meeting, decisions="Samuel is the one Daniel calls."),
        "item": changed_by(bob, item, status="done", done_on=date.today()),
        "well_being": changed_by(
            bob, WellBeingGoal.objects.filter(family=family).first(), everyday_actions="Call"
        ),
        "assessment": changed_by(bob, assessment, assessed_on=date.today() - timedelta(days=1)),
        "case_plan": changed_by(bob, case_plan, visit_frequency="every week, at home"),
    }
    return records


def record_url(family, record) -> str:
    return reverse("families:record_changes", args=[family.public_id, changes_kind(record), record.pk])


# (record, the heading of its own page, a field's verbose name, old, new)
EXPECTED = [
    (
        "entry",
        "Strength: Maria gets the children to school",
        "Text",
        "Maria gets the children to school.",
        "Maria gets the children to school every day.",
    ),
    (
        "harm",
        "Harm statement about Sofía",
        "The effect on the child",
        "She was scared.",
        "She was scared to go home.",
    ),
    (
        "danger",
        "Danger statement: The school worried",
        "Who is worried",
        "The school and the agency",
        "The school",
    ),
    (
        "goal",
        "Safety goal: when Daniel is angry",
        "For how long",
        "over the next six months",
        "over the next year",
    ),
    ("score", "Scaling number of Lucía on", "Score", "5", "6"),
    ("member", "Network member Samuel Okafor", "Circle", "Middle circle", "Inner circle"),
    ("plan", "Safety plan, version 1", "Status", "Draft", "Active"),
    ("safety", "Safety assessment of", "Notes", "First look.", "Second look."),
    ("risk", "Risk assessment of", "Level from the tool", "Moderate", "High"),
    ("houses", "Three Houses with Sofía", "House of worries", "Daddy shouting", "Daddy shouting at night"),
    ("meeting", "Initial Family Team Meeting of", "Decisions", "—", "Samuel is the one Daniel calls."),
    ("item", "Action item: Call Samuel each evening", "Status", "To do", "Done"),
    ("well_being", "Well-being goal for", "Everyday actions", "—", "Call"),
    ("assessment", "Protective-factor assessment of Maria Reyes", "Assessed on", "", ""),
    ("case_plan", "Case plan, version 1", "Visit frequency", "—", "every week, at home"),
]


@pytest.mark.parametrize(("key", "title", "label", "old", "new"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_records_page_lists_who_changed_what_field_by_field(
    client_of, alice, bob, family, world, key, title, label, old, new
):
    record = world[key]
    page = client_of(alice).get(record_url(family, record))

    assert page.status_code == 200
    text = page.text
    assert "Changes to " in text and title.split(" of")[0].split(":")[0] in text
    assert f'<th scope="row" class="fw-normal">{label}</th>' in text, label
    if old or new:
        assert f"<del>{old}</del>" in text and f"<ins>{new}</ins>" in text
    assert "Bob" in text and "Alice" in text  # who added it, who changed it


def test_a_safety_plans_page_lists_its_rules_changes_too(client_of, alice, family, world):
    text = client_of(alice).get(record_url(family, world["plan"])).text
    assert "Safety-plan rule: When Daniel feels angry" in text
    assert "<del>Samuel answers day or night.</del>" in text and "<ins>Samuel answers.</ins>" in text
    assert "Maria gets the children to school" not in text  # another record's changes are not there


@pytest.mark.parametrize("key", [e[0] for e in EXPECTED])
def test_the_supervisor_reads_it_and_an_outsider_gets_404(client_of, bob, charlie, family, world, key):
    url = record_url(family, world[key])
    assert client_of(bob).get(url).status_code == 200
    assert client_of(charlie).get(url).status_code == 404


def test_a_record_of_another_family_or_an_unknown_kind_is_404(client_of, alice, family, world):
    other = FamilyFactory(assigned_caseworker=alice)
    record = world["harm"]
    client = client_of(alice)
    assert client.get(record_url(other, record)).status_code == 404
    url = reverse("families:record_changes", args=[family.public_id, "no-such-kind", record.pk])
    assert client.get(url).status_code == 404


def test_reading_a_records_changes_is_audited(client_of, alice, family, world):
    before = AuditEvent.objects.filter(family_public_id=family.public_id, action=AuditAction.VIEW).count()
    client_of(alice).get(record_url(family, world["risk"]))
    after = AuditEvent.objects.filter(family_public_id=family.public_id, action=AuditAction.VIEW).count()
    assert after == before + 1


def test_the_familys_page_holds_every_kind_of_record(client_of, alice, family, world):
    text = client_of(alice).get(reverse("families:changes", args=[family.public_id])).text
    for _key, title, label, _old, _new in EXPECTED:
        assert title in text, title
        assert label in text, label


def test_field_names_and_records_are_named_in_the_users_language(client_of, alice, family, world):
    client = client_of(alice)
    text = client.get(record_url(family, world["risk"]), HTTP_ACCEPT_LANGUAGE="es").text

    assert 'lang="es"' in text
    assert "Cambios a Evaluación de riesgo del" in text
    assert '<th scope="row" class="fw-normal">Nivel según la herramienta</th>' in text
    assert "<del>Moderado</del>" in text or "<del>Moderada</del>" in text


@pytest.mark.parametrize(
    ("key", "link_on"),
    [
        ("entry", ("safety_networks:map",)),
        ("harm", ("safety_networks:map",)),
        ("danger", ("safety_networks:map",)),
        ("goal", ("safety_networks:map",)),
        ("score", ("safety_networks:scaling",)),
        ("member", ("safety_networks:network",)),
        ("safety", ("safety_networks:decisions",)),
        ("risk", ("safety_networks:decisions",)),
        ("houses", ("safety_networks:three_houses",)),
        ("well_being", ("protective_factors:family",)),
    ],
)
def test_the_records_page_links_to_its_changes(client_of, alice, family, world, key, link_on):
    (name,) = link_on
    text = client_of(alice).get(reverse(name, args=[family.public_id])).text
    assert f'href="{record_url(family, world[key])}"' in text


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("plan", "safety_networks:plan"),
        ("meeting", "meetings:meeting"),
        ("case_plan", "case_plans:plan"),
        ("assessment", "protective_factors:assessment"),
    ],
)
def test_a_records_own_page_links_to_its_changes(client_of, alice, family, world, key, name):
    record = world[key]
    text = client_of(alice).get(reverse(name, args=[family.public_id, record.pk])).text
    assert f'href="{record_url(family, record)}"' in text


def test_an_action_items_changes_are_linked_from_its_meeting(client_of, alice, family, world):
    item = world["item"]
    text = client_of(alice).get(reverse("meetings:meeting", args=[family.public_id, item.meeting_id])).text
    assert f'href="{record_url(family, item)}"' in text


def test_the_fields_compared_are_the_models_own():
    """No field list to keep up to date: every editable field simple-history tracks is
    compared, but ids, versions, timestamps, the family and what a source hides."""
    registered = {source.model for source in history_sources}
    for model in (MapEntry, HarmStatement, DangerStatement, SafetyGoal, ScalingScore, NetworkMember,
                  SafetyAssessment, RiskAssessment, ThreeHouses, ActionItem, WellBeingGoal):  # fmt: skip
        assert model in registered, model
    for source in all_sources():
        shown = {f.name for f in _tracked_fields(source)}
        expected = {
            f.name
            for f in source.model.history.model.tracked_fields
            if f.editable
            and f.name
            not in {"id", "version", "created_at", "updated_at", "search_text", "public_id", "family"}
            and f.name not in source.hidden
            and f.attname != source.record_field
        }
        assert shown == expected, source.model


def test_the_familys_page_reads_a_fixed_number_of_queries_with_many_changes_of_many_kinds(
    client_of, alice, bob, family, world, django_assert_max_num_queries
):
    # 20+ more changes, of several kinds, on top of the world's one of each
    for n in range(8):
        changed_by(bob, world["entry"], text=f"Maria gets the children to school ({n}).")
        changed_by(bob, world["rule"], how_it_holds=f"Samuel answers ({n}).")
        changed_by(alice, world["item"], what=f"Call Samuel, evening {n}")
    assert sum(1 for _ in MapEntry.history.all()) >= 9
    client = client_of(alice)
    # session, user, unit, family; one per registered history table (families 5, intake 2,
    # safety_networks 12, protective_factors 3, meetings 3, case_plans 3); one per many-to-many
    # history table that has rows (visits' children and caregivers seen, a danger statement's
    # children, a goal's factors, a rule's people, a safety assessment's threats); users,
    # caregivers, children; one per other kind of record named in a key (instrument, item,
    # protective factor, …); audit insert; session renewal (3)
    with django_assert_max_num_queries(60) as counted:
        assert client.get(reverse("families:changes", args=[family.public_id])).status_code == 200
    fewer = len(counted.captured_queries)
    for n in range(8, 16):
        changed_by(bob, world["entry"], text=f"Maria gets the children to school ({n}).")
        changed_by(bob, world["goal"], for_how_long=f"{n} months")
        changed_by(alice, world["member"], phone=f"555-01{n:02d}")
    with django_assert_max_num_queries(fewer):  # the same number, however many changes
        assert client.get(reverse("families:changes", args=[family.public_id])).status_code == 200


def test_a_records_page_reads_a_few_queries_however_many_changes(
    client_of, alice, bob, family, world, django_assert_max_num_queries
):
    for n in range(25):
        changed_by(bob, world["rule"], how_it_holds=f"Samuel answers ({n}).")
    client = client_of(alice)
    # session, user, unit, family; the plan's, its rules' and signatures' history; the rules'
    # people; users, caregivers, children, network members; audit insert; session renewal (3)
    with django_assert_max_num_queries(18):
        assert client.get(record_url(family, world["plan"])).status_code == 200


def test_the_time_of_each_change_is_shown(client_of, alice, family, world):
    text = client_of(alice).get(record_url(family, world["risk"])).text
    assert timezone.localtime().strftime("%-d %b %Y") in text


def test_a_record_without_history_rows_says_nothing_was_recorded(client_of, alice, family, world):
    # a record made in bulk (as seed data is), which simple-history never saw
    (entry,) = MapEntry.objects.bulk_create(
        [MapEntry(family=family, recorded_by=alice, kind="strength", text="Made in bulk.")]
    )
    page = client_of(alice).get(record_url(family, entry))
    assert page.status_code == 200
    assert "No changes have been recorded through sop-casework for this record yet." in page.text
    other = FamilyFactory(assigned_caseworker=alice)
    assert client_of(alice).get(record_url(other, entry)).status_code == 404
