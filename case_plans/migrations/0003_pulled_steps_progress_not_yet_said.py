"""Steps pulled in from a meeting used to say "To be agreed with the family." as how progress
will be shown. That is not an answer: such steps now have it blank, so the plan asks for it
before it is submitted. Going back puts the old words in again."""

from django.db import migrations

PLACEHOLDER = "To be agreed with the family."


def blank_the_placeholder(apps, schema_editor):
    Step = apps.get_model("case_plans", "CasePlanStep")
    Step.objects.filter(progress_shown_by=PLACEHOLDER, plan__status__in=["draft", "returned"]).update(
        progress_shown_by=""
    )


def put_the_placeholder_back(apps, schema_editor):
    Step = apps.get_model("case_plans", "CasePlanStep")
    Step.objects.filter(progress_shown_by="").update(progress_shown_by=PLACEHOLDER)


class Migration(migrations.Migration):
    dependencies = [("case_plans", "0002_steps_withdrawn_carried_and_progress_asked")]

    operations = [migrations.RunPython(blank_the_placeholder, put_the_placeholder_back)]
