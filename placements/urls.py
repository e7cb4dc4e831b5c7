from django.urls import path

from . import views

app_name = "placements"

base = "families/<uuid:public_id>/placements/"

urlpatterns = [
    path(base, views.family_placements, name="family"),
    path(f"{base}new/", views.placement_add, name="placement_add"),
    path(f"{base}<int:pk>/edit/", views.placement_edit, name="placement_edit"),
    path(f"{base}<int:pk>/end/", views.placement_end, name="placement_end"),
    path(f"{base}family-time/new/", views.plan_add, name="plan_add"),
    path(f"{base}family-time/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path(f"{base}family-time/<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path(f"{base}family-time/visits/<int:pk>/", views.visit_record, name="visit_record"),
    path("resource-families/", views.resource_family_list, name="resource_families"),
    path("resource-families/new/", views.resource_family_add, name="resource_family_add"),
    path("resource-families/<int:pk>/", views.resource_family_page, name="resource_family"),
    path("resource-families/<int:pk>/edit/", views.resource_family_edit, name="resource_family_edit"),
]
