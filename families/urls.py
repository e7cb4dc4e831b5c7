from django.urls import path

from . import person_views, views

app_name = "families"

family = "families/<uuid:public_id>/"

urlpatterns = [
    path("caseload/", views.my_caseload, name="my_caseload"),
    path("caseload/export.<export:fmt>", views.my_caseload_export, name="my_caseload_export"),
    path("search/", views.family_search, name="search"),
    path("families/new/", views.family_new, name="new"),
    path(family, views.family_overview, name="overview"),
    path(f"{family}edit/", views.family_edit, name="edit"),
    path(f"{family}changes/", views.family_changes, name="changes"),
    path(f"{family}changes/<slug:kind>/<int:pk>/", views.record_changes, name="record_changes"),
    path(f"{family}status/<slug:action>/", views.family_change_status, name="change_status"),
    path(f"{family}reassign/", views.family_reassign, name="reassign"),
    path(f"{family}caregivers/new/", views.caregiver_add, name="caregiver_add"),
    path(f"{family}caregivers/<int:pk>/edit/", views.caregiver_edit, name="caregiver_edit"),
    path(f"{family}caregivers/<int:pk>/left/", views.caregiver_left, name="caregiver_left"),
    path(f"{family}children/new/", views.child_add, name="child_add"),
    path(f"{family}children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path(f"{family}children/<int:pk>/left/", views.child_left, name="child_left"),
    path(f"{family}visits/", views.contact_list, name="contacts"),
    path(f"{family}visits/new/", views.contact_add, name="contact_add"),
    path(f"{family}visits/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path(
        f"{family}prior/<uuid:other>/request-access/",
        person_views.access_request_new,
        name="access_request_new",
    ),
    path(f"{family}people/<slug:kind>/<int:pk>/unlink/", person_views.person_unlink, name="person_unlink"),
    path("access-requests/", person_views.access_requests, name="access_requests"),
    path(
        "access-requests/<uuid:request_id>/", person_views.access_request_decide, name="access_request_decide"
    ),
    path(f"{family}wording/", views.family_wording, name="wording"),
    path(f"{family}wording/<slug:kind>/<int:pk>/", views.family_wording_edit, name="wording_edit"),
]
