from django.urls import path

from . import views

app_name = "documents"

files = "families/<uuid:public_id>/files/"

urlpatterns = [
    path(files, views.case_files, name="files"),
    path(f"{files}new/", views.case_file_upload, name="upload"),
    path(f"{files}<uuid:file_id>/download/", views.case_file_download, name="download"),
    path(f"{files}<uuid:file_id>/withdraw/", views.case_file_withdraw, name="withdraw"),
    path("files/withdrawn/", views.withdrawn, name="withdrawn"),
]
