from django.urls import path

from . import views

app_name = "documents"

files = "families/<uuid:public_id>/files/"
# The paths of generated documents are those they had under case_plans (bookmarked, and in
# the audit trail's paths); only their names moved to this namespace.
documents = "families/<uuid:public_id>/documents/"

urlpatterns = [
    path(files, views.case_files, name="files"),
    path(f"{files}new/", views.case_file_upload, name="upload"),
    path(f"{files}<uuid:file_id>/download/", views.case_file_download, name="download"),
    path(f"{files}<uuid:file_id>/withdraw/", views.case_file_withdraw, name="withdraw"),
    path("files/withdrawn/", views.withdrawn, name="withdrawn"),
    path(f"{documents}new/", views.document_request, name="document_request"),
    path(f"{documents}<uuid:document_id>/", views.document_page, name="document"),
    path(f"{documents}<uuid:document_id>/download/", views.document_download, name="document_download"),
    path(f"{documents}<uuid:document_id>/status/", views.document_status, name="document_status"),
    path(f"{documents}<uuid:document_id>/retry/", views.document_retry, name="document_retry"),
]
