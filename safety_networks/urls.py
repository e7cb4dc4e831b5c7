from django.urls import path

from . import fsna_views, reunification_views, risk_views, views
from .sdm import safety_views

app_name = "safety_networks"

safety = "families/<uuid:public_id>/safety/"

urlpatterns = [
    path(f"{safety}map/", views.family_map, name="map"),
    path(f"{safety}map/new/<slug:kind>/", views.map_entry_add, name="entry_add"),
    path(f"{safety}map/entries/<int:pk>/edit/", views.map_entry_edit, name="entry_edit"),
    path(f"{safety}map/<slug:what>/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path(f"{safety}harm/new/", views.harm_statement_add, name="harm_add"),
    path(f"{safety}harm/<int:pk>/edit/", views.harm_statement_edit, name="harm_edit"),
    path(f"{safety}harm/preview/", views.harm_preview, name="harm_preview"),
    path(f"{safety}danger/new/", views.danger_statement_add, name="danger_add"),
    path(f"{safety}danger/<int:pk>/edit/", views.danger_statement_edit, name="danger_edit"),
    path(f"{safety}danger/preview/", views.danger_preview, name="danger_preview"),
    path(f"{safety}scaling/", views.scaling, name="scaling"),
    path(f"{safety}scaling/round/", views.scaling_round, name="scaling_round"),
    path(f"{safety}network/", views.network, name="network"),
    path(f"{safety}network/new/", views.network_member_add, name="member_add"),
    path(f"{safety}network/<int:pk>/edit/", views.network_member_edit, name="member_edit"),
    path(f"{safety}network/<int:pk>/left/", views.network_member_left, name="member_left"),
    path(f"{safety}plan/", views.safety_plan, name="plans"),
    path(f"{safety}plan/new/", views.safety_plan_start, name="plan_start"),
    path(f"{safety}plan/<int:pk>/", views.safety_plan_detail, name="plan"),
    path(f"{safety}plan/<int:pk>/edit/", views.safety_plan_edit, name="plan_edit"),
    path(f"{safety}plan/<int:pk>/print/", views.safety_plan_print, name="plan_print"),
    path(f"{safety}plan/<int:pk>/rules/new/", views.safety_plan_rule_add, name="rule_add"),
    path(f"{safety}plan/<int:pk>/rules/<int:rule_pk>/edit/", views.safety_plan_rule_edit, name="rule_edit"),
    path(f"{safety}plan/<int:pk>/signatures/", views.safety_plan_signatures, name="signatures"),
    path(
        f"{safety}plan/<int:pk>/signatures/<int:signature_pk>/withdraw/",
        views.safety_plan_signature_withdraw,
        name="signature_withdraw",
    ),
    path(f"{safety}plan/<int:pk>/activate/", views.safety_plan_activate, name="plan_activate"),
    path(f"{safety}decisions/", views.decisions, name="decisions"),
    path(f"{safety}decisions/safety/new/", views.safety_assessment_add, name="safety_assessment_add"),
    path(
        f"{safety}decisions/safety/start/",
        safety_views.safety_assessment_start,
        name="safety_assessment_start",
    ),
    path(f"{safety}decisions/safety/<int:pk>/", safety_views.safety_assessment, name="safety_assessment"),
    path(
        f"{safety}decisions/safety/<int:pk>/decide/",
        safety_views.safety_override_decide,
        name="safety_override_decide",
    ),
    path(f"{safety}decisions/risk/new/", views.risk_assessment_add, name="risk_assessment_add"),
    path(f"{safety}decisions/risk/<int:pk>/decide/", views.risk_override_decide, name="risk_override_decide"),
    path(f"{safety}decisions/strengths-and-needs/new/", fsna_views.fsna_start, name="fsna_start"),
    path(f"{safety}decisions/strengths-and-needs/<int:pk>/", fsna_views.fsna, name="fsna"),
    path(f"{safety}decisions/strengths-and-needs/<int:pk>/rate/", fsna_views.fsna_draft, name="fsna_draft"),
    path(
        f"{safety}decisions/risk/score/<slug:tool>/", risk_views.risk_scored_start, name="risk_scored_start"
    ),
    path(f"{safety}decisions/risk/drafts/<int:pk>/", risk_views.risk_draft, name="risk_draft"),
    path(f"{safety}decisions/risk/<int:pk>/", risk_views.risk_assessment, name="risk_assessment"),
    path(
        f"{safety}decisions/risk/<int:pk>/override/",
        risk_views.risk_override_request,
        name="risk_override_request",
    ),
    path(
        f"{safety}decisions/reunification/", reunification_views.reunification_list, name="reunification_list"
    ),
    path(
        f"{safety}decisions/reunification/new/",
        reunification_views.reunification_start,
        name="reunification_start",
    ),
    path(
        f"{safety}decisions/reunification/<int:pk>/", reunification_views.reunification, name="reunification"
    ),
    path(
        f"{safety}decisions/reunification/<int:pk>/edit/",
        reunification_views.reunification_draft,
        name="reunification_draft",
    ),
    path(
        f"{safety}decisions/reunification/<int:pk>/override/",
        reunification_views.reunification_override,
        name="reunification_override",
    ),
    path(
        f"{safety}decisions/reunification/<int:pk>/decide/",
        reunification_views.reunification_override_decide,
        name="reunification_override_decide",
    ),
    path(f"{safety}three-houses/", views.three_houses, name="three_houses"),
    path(f"{safety}three-houses/new/", views.three_houses_add, name="three_houses_add"),
    path(f"{safety}three-houses/<int:pk>/edit/", views.three_houses_edit, name="three_houses_edit"),
]
