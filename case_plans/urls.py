from django.urls import path

from . import views

app_name = "case_plans"

plans = "families/<uuid:public_id>/case-plans/"
steps = f"{plans}<int:pk>/steps/"

urlpatterns = [
    path(plans, views.case_plans, name="plans"),
    path(f"{plans}new/", views.case_plan_start, name="start"),
    path(f"{plans}<int:pk>/", views.case_plan_page, name="plan"),
    path(f"{plans}<int:pk>/edit/", views.case_plan_edit, name="edit"),
    path(f"{plans}<int:pk>/steps/new/", views.case_plan_step_add, name="step_add"),
    path(f"{steps}<int:step_pk>/edit/", views.case_plan_step_edit, name="step_edit"),
    path(f"{steps}<int:step_pk>/withdraw/", views.case_plan_step_withdraw, name="step_withdraw"),
    path(f"{plans}<int:pk>/needs/<int:rating_pk>/", views.case_plan_need, name="need"),
    path(f"{plans}<int:pk>/needs/<int:rating_pk>/step/", views.case_plan_need_step, name="need_step"),
    path(f"{plans}<int:pk>/needs/<int:rating_pk>/goal/", views.case_plan_need_goal, name="need_goal"),
    path(f"{plans}<int:pk>/pull/", views.case_plan_pull, name="pull"),
    path(f"{plans}<int:pk>/submit/", views.case_plan_submit, name="submit"),
    path(f"{plans}<int:pk>/move/", views.case_plan_move_goal, name="move"),
    path(f"{plans}<int:pk>/decide/", views.case_plan_decide, name="decide"),
    path(f"{plans}<int:pk>/signatures/", views.case_plan_signatures, name="signatures"),
    path(
        f"{plans}<int:pk>/signatures/<int:signature_pk>/withdraw/",
        views.case_plan_signature_withdraw,
        name="signature_withdraw",
    ),
]
