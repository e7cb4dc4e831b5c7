from django.urls import path

from . import views

app_name = "supervision"
family = "families/<uuid:public_id>/"

urlpatterns = [
    path("unit/", views.unit_review, name="unit_review"),
    path("unit/<int:unit_id>/", views.unit_review_of, name="unit_review_of"),
    path("unit/export.<export:fmt>", views.unit_review_export, name="unit_review_export"),
    path("unit/families/", views.unit_families, name="families"),
    path("unit/families/export.<export:fmt>", views.unit_families_export, name="families_export"),
    path("unit/approvals/", views.approvals, name="approvals"),
    path("unit/approvals/export.<export:fmt>", views.approvals_export, name="approvals_export"),
    path("unit/screening/", views.screening, name="screening"),
    path("unit/reassign/", views.reassign, name="reassign"),
    path(f"{family}approvals/<slug:kind>/<int:pk>/", views.approval_decide, name="decide"),
    path(f"{family}consultations/", views.consultation_list, name="consultations"),
    path(f"{family}consultations/new/", views.consultation_new, name="consultation_new"),
    path(f"{family}consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path(f"{family}consultations/<int:pk>/actions/", views.consultation_action_add, name="action_add"),
    path(
        f"{family}consultations/actions/<int:pk>/finish/",
        views.consultation_action_finish,
        name="action_finish",
    ),
]
