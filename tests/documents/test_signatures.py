"""Who signed a case plan or a safety plan (with the signed copy) or refused (with a reason):
recorded from the plan's page, shown there and on the family overview, withdrawn but never
deleted; and the files that belong to a plan or a meeting listed on its page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from case_plans.models import CasePlan, CasePlanSignature, PlanStatus
from documents.models import CaseFile, FileKind
from documents.services import case_file_upload
from documents.signatures import Answer, SignerRole, signature_withdraw, signatures_record
from documents.signing import plan_signers
from meetings.models import Meeting
from safety_networks.models import SafetyPlan, SafetyPlanSignature
from tests.documents.conftest import pdf_bytes, upload
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


@pytest.fixture
def household(family):
    maria = CaregiverFactory(family=family, first_name="Maria", last_name="Reyes")
    daniel = CaregiverFactory(family=family, first_name="Daniel", last_name="Okafor")
    ana = ChildFactory(family=family, first_name="Ana", date_of_birth=years_ago(13))
    ChildFactory(family=family, first_name="Tomás", date_of_birth=years_ago(2))
    return {"maria": maria, "daniel": daniel, "ana": ana}


@pytest.fixture
def plan(family, alice, bob):
    return CasePlan.objects.create(
        family=family, number=1, status=PlanStatus.ACTIVE, recorded_by=alice, decided_by=bob,
        decided_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip


def signatures_url(plan):
    return reverse("case_plans:signatures", args=[plan.family.public_id, plan.pk])


def plan_url(plan):
    return reverse("case_plans:plan", args=[plan.family.public_id, plan.pk])


def signed_copy(family, by, plan=None, kind=FileKind.SIGNED_CASE_PLAN) -> CaseFile:
    return case_file_upload(
        family=family, by=by, upload=upload("signed.pdf", pdf_bytes()), kind=kind,
        document_date=timezone.localdate(), title="Signed plan",
        belongs_to=("case_plan", plan.pk) if plan else None,
    )  # fmt: skip


def signers_of(plan, family):
    return {
        s.label: s
        for s in plan_signers(family=family, record=plan, model=CasePlanSignature, supervisor=plan.decided_by)
    }


# --- Who signs --------------------------------------------------------------------------------


def test_the_signers_are_the_caregivers_youth_of_12_and_older_the_caseworker_and_the_supervisor(
    family, household, plan
):
    gone = CaregiverFactory(family=family, first_name="Gone", left_household_on=date(2026, 1, 1))
    ChildFactory(family=family, first_name="Nearly", date_of_birth=years_ago(12, days=-1))  # 12 tomorrow
    signers = plan_signers(family=family, record=plan, model=CasePlanSignature, supervisor=plan.decided_by)
    assert [(s.role, s.label) for s in signers] == [
        (SignerRole.CAREGIVER, "Daniel Okafor"),
        (SignerRole.CAREGIVER, "Maria Reyes"),
        (SignerRole.YOUTH, "Ana Okafor-Reyes"),
        (SignerRole.CASEWORKER, "Alice Ames"),
        (SignerRole.SUPERVISOR, "Bob Baptiste"),
    ]
    assert gone.full_name not in [s.label for s in signers]


# --- Recording them from the plan's page ------------------------------------------------------


def test_the_caseworker_uploads_the_signed_copy_and_ticks_who_signed(
    client_of, alice, family, household, plan
):
    client = client_of(alice)
    page = client.get(plan_url(plan)).text
    assert "Record signatures" in page and "Not signed yet" in page
    maria, daniel = household["maria"], household["daniel"]
    response = client.post(
        signatures_url(plan),
        {
            f"answer_caregiver_{maria.pk}": "signed",
            f"answer_caregiver_{daniel.pk}": "refused",
            f"reason_caregiver_{daniel.pk}": "He wants his lawyer to read it first.",
            "answer_caseworker": "signed",
            "document_date": timezone.localdate().isoformat(),
            "title": "Signed case plan, version 1",
            "file": upload("scan.pdf", pdf_bytes("signed by Maria")),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    copy = CaseFile.objects.get(kind=FileKind.SIGNED_CASE_PLAN)
    assert (copy.belongs_to_kind, copy.belongs_to_id) == ("case_plan", plan.pk)
    signed = {(s.role, s.refused) for s in CasePlanSignature.objects.filter(record=plan)}
    assert signed == {("caregiver", False), ("caregiver", True), ("caseworker", False)}
    assert CasePlanSignature.objects.get(caregiver=daniel).signed_copy is None
    assert CasePlanSignature.objects.get(caregiver=maria).signed_copy == copy
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATE, record_type="case_plans.CasePlanSignature"
        ).count()
        == 3
    )

    page = client.get(plan_url(plan)).text
    assert "He wants his lawyer to read it first." in page
    assert reverse("documents:download", args=[family.public_id, copy.public_id]) in page
    assert page.count("Not signed yet") == 2  # Ana, and the supervisor
    assert 'signed copy<span class="visually-hidden"> (Maria Reyes)' in page
    download = client.get(reverse("documents:download", args=[family.public_id, copy.public_id]))
    assert b"signed by Maria" in b"".join(download.streaming_content)


def test_a_refusal_needs_a_reason_and_a_signature_needs_a_copy(client_of, alice, household, plan):
    maria = household["maria"]
    client = client_of(alice)
    base = {"document_date": timezone.localdate().isoformat(), "title": "Signed"}
    page = client.post(signatures_url(plan), {**base, f"answer_caregiver_{maria.pk}": "refused"})
    assert page.status_code == 200 and "Say why they would not sign." in page.text
    page = client.post(signatures_url(plan), {**base, f"answer_caregiver_{maria.pk}": "signed"})
    assert page.status_code == 200 and "Upload the signed copy, or choose one already kept." in page.text
    page = client.post(signatures_url(plan), base)
    assert "Tick who signed, or who would not sign." in page.text
    assert not CasePlanSignature.objects.exists() and not CaseFile.objects.exists()


def test_a_copy_already_kept_for_the_plan_is_linked_rather_than_uploaded_again(
    client_of, alice, household, plan, family
):
    kept = signed_copy(family, alice, plan)
    maria = household["maria"]
    response = client_of(alice).post(
        signatures_url(plan),
        {f"answer_caregiver_{maria.pk}": "signed", "document_date": timezone.localdate().isoformat(),
         "title": "ignored", "existing_copy": str(kept.public_id)},
    )  # fmt: skip
    assert response.status_code == 302
    assert CasePlanSignature.objects.get().signed_copy == kept
    assert CaseFile.objects.count() == 1


def test_a_draft_plan_is_not_signed_yet(client_of, alice, family, plan):
    draft = CasePlan.objects.create(family=family, number=2, recorded_by=alice)
    response = client_of(alice).get(signatures_url(draft))
    assert response.status_code == 302 and response.url == plan_url(draft)


@pytest.mark.parametrize("person", ["alice", "bob"])
def test_the_caseworker_and_the_supervisor_record_signatures_an_outsider_gets_404(
    request, client_of, person, charlie, plan, household
):
    assert client_of(request.getfixturevalue(person)).get(signatures_url(plan)).status_code == 200
    assert client_of(charlie).get(signatures_url(plan)).status_code == 404
    assert client_of(charlie).get(plan_url(plan)).status_code == 404


# --- Guards of the service ----------------------------------------------------------------------


def test_a_signature_is_never_recorded_with_another_family_s_file(alice, family, household, plan):
    other = FamilyFactory(assigned_caseworker=alice)
    theirs = signed_copy(other, alice)
    signer = signers_of(plan, family)["Maria Reyes"]
    with pytest.raises(ValidationError, match="signed copy of this family's plan"):
        signatures_record(
            model=CasePlanSignature, record=plan, family=family, by=alice, dated=timezone.localdate(),
            answers=[Answer(signer)], signed_copy=theirs,
        )  # fmt: skip
    court_order = signed_copy(family, alice, kind=FileKind.COURT)
    with pytest.raises(ValidationError, match="signed copy of this family's plan"):
        signatures_record(
            model=CasePlanSignature, record=plan, family=family, by=alice, dated=timezone.localdate(),
            answers=[Answer(signer)], signed_copy=court_order,
        )  # fmt: skip
    assert not CasePlanSignature.objects.exists()


def test_one_standing_answer_per_signer_a_wrong_one_is_withdrawn_and_kept(alice, family, household, plan):
    copy = signed_copy(family, alice, plan)
    signer = signers_of(plan, family)["Maria Reyes"]
    kwargs = {"model": CasePlanSignature, "record": plan, "family": family, "by": alice,
              "dated": timezone.localdate(), "signed_copy": copy}  # fmt: skip
    (first,) = signatures_record(answers=[Answer(signer)], **kwargs)
    with pytest.raises(ValidationError, match="already recorded"):
        signatures_record(answers=[Answer(signer)], **kwargs)
    with pytest.raises(ValidationError, match="Say why"):
        signature_withdraw(signature=first, family=family, by=alice, reason=" ")
    signature_withdraw(signature=first, family=family, by=alice, reason="Daniel signed, not Maria")
    (again,) = signatures_record(answers=[Answer(signer, refused=True, reason="Not today")], **kwargs)
    assert CasePlanSignature.objects.count() == 2  # the withdrawn one is kept
    first.refresh_from_db()
    assert first.is_withdrawn and first.withdrawn_reason == "Daniel signed, not Maria"
    assert signers_of(plan, family)["Maria Reyes"].signature == again


def test_the_withdraw_page_checks_the_version(client_of, alice, family, household, plan):
    copy = signed_copy(family, alice, plan)
    signer = signers_of(plan, family)["Maria Reyes"]
    (signature,) = signatures_record(
        model=CasePlanSignature, record=plan, family=family, by=alice, dated=timezone.localdate(),
        answers=[Answer(signer)], signed_copy=copy,
    )  # fmt: skip
    url = reverse("case_plans:signature_withdraw", args=[family.public_id, plan.pk, signature.pk])
    client = client_of(alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"withdrawn_reason": "Wrong person", "version": signature.version})
    assert response.status_code == 302
    assert client.get(url).status_code == 404  # withdrawn: no longer a standing answer


# --- The safety plan ------------------------------------------------------------------------------


def test_a_safety_plan_is_signed_the_same_way(client_of, alice, bob, charlie, family, household):
    plan = SafetyPlan.objects.create(family=family, number=1, status="active", recorded_by=alice)
    url = reverse("safety_networks:signatures", args=[family.public_id, plan.pk])
    assert client_of(charlie).get(url).status_code == 404
    assert client_of(bob).get(url).status_code == 200
    client = client_of(alice)
    response = client.post(
        url,
        {f"answer_youth_{household['ana'].pk}": "signed", "answer_supervisor": "signed",
         "document_date": timezone.localdate().isoformat(), "title": "Signed safety plan",
         "file": upload("scan.pdf", pdf_bytes())},
    )  # fmt: skip
    assert response.status_code == 302
    copy = CaseFile.objects.get()
    assert (copy.kind, copy.belongs_to_kind, copy.belongs_to_id) == (
        FileKind.SIGNED_SAFETY_PLAN,
        "safety_plan",
        plan.pk,
    )
    assert {s.role for s in SafetyPlanSignature.objects.all()} == {"youth", "supervisor"}
    assert SafetyPlanSignature.objects.get(role="supervisor").staff == bob
    page = client.get(reverse("safety_networks:plan", args=[family.public_id, plan.pk])).text
    assert page.count("Not signed yet") == 3  # Maria, Daniel, the caseworker
    assert "Signed safety plan" in page  # its files


# --- The family overview ---------------------------------------------------------------------


def test_the_overview_says_what_is_signed_without_a_query_of_its_own(
    client_of, alice, bob, family, plan, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    maria = CaregiverFactory(family=family, first_name="Maria")
    url = reverse("families:overview", args=[family.public_id])
    client = client_of(alice)
    with CaptureQueriesContext(connection) as before:
        page = client.get(url).text
    assert "Not signed" in page
    copy = signed_copy(family, alice, plan)
    signers = signers_of(plan, family)
    signatures_record(
        model=CasePlanSignature, record=plan, family=family, by=alice, dated=timezone.localdate(),
        answers=[Answer(signers["Maria Okafor-Reyes"]), Answer(signers["Alice Ames"])], signed_copy=copy,
    )  # fmt: skip
    with django_assert_num_queries(len(before)):
        page = client.get(url).text
    assert "2 of 3 signed" in page
    signatures_record(
        model=CasePlanSignature, record=plan, family=family, by=alice, dated=timezone.localdate(),
        answers=[Answer(signers["Bob Baptiste"])], signed_copy=copy,
    )  # fmt: skip
    assert "Signed by all" in client.get(url).text
    assert maria.pk


# --- Files on the record they belong to --------------------------------------------------------


@pytest.mark.parametrize("what", ["case_plan", "meeting"])
def test_a_record_lists_its_files_newest_first_at_a_flat_cost(
    client_of, alice, family, plan, what, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if what == "meeting":
        record = Meeting.objects.create(family=family, scheduled_at=timezone.now(), recorded_by=alice)
        url = reverse("meetings:meeting", args=[family.public_id, record.pk])
    else:
        record, url = plan, plan_url(plan)
    client = client_of(alice)

    def add(title):
        case_file_upload(
            family=family, by=alice, upload=upload("x.pdf", pdf_bytes()), kind=FileKind.OTHER,
            document_date=timezone.localdate(), title=title, belongs_to=(what, record.pk),
        )  # fmt: skip

    add("Older letter")
    add("Newer letter")
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).text
    assert page.index("Newer letter") < page.index("Older letter")
    for n in range(10):
        add(f"Letter {n}")
    with django_assert_max_num_queries(len(few)):
        assert "Letter 9" in client.get(url).text
