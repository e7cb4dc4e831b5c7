from django.urls import path

from . import views

app_name = "families"

urlpatterns = [
    path("caseload/", views.my_caseload, name="my_caseload"),
    path("unit/", views.unit_review, name="unit_review"),
    path("families/<uuid:public_id>/", views.family_overview, name="overview"),
]
