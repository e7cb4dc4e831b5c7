from django.urls import path

from . import views

app_name = "protective_factors"

base = "families/<uuid:public_id>/protective-factors/"

urlpatterns = [
    path(base, views.family_page, name="family"),
    path(f"{base}assessments/new/", views.assessment_start, name="assessment_start"),
    path(f"{base}assessments/<int:pk>/", views.assessment_page, name="assessment"),
    path(f"{base}goals/new/", views.goal_add, name="goal_add"),
    path(f"{base}goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("unit/protective-factors/", views.unit_view, name="unit"),
    path("unit/protective-factors/export.<export:fmt>", views.unit_export, name="unit_export"),
]
