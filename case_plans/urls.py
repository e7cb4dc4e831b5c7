from django.urls import path

from . import views

app_name = "case_plans"

base = "families/<uuid:public_id>/documents/"

urlpatterns = [
    path(f"{base}new/", views.document_request, name="document_request"),
    path(f"{base}<uuid:document_id>/", views.document_page, name="document"),
    path(f"{base}<uuid:document_id>/download/", views.document_download, name="document_download"),
    path(f"{base}<uuid:document_id>/retry/", views.document_retry, name="document_retry"),
]
