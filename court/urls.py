from django.urls import path

from . import views

app_name = "court"

court = "families/<uuid:public_id>/court/"
hearing = f"{court}hearings/<int:pk>/"
report = f"{court}reports/<int:pk>/"

urlpatterns = [
    path(court, views.hearings, name="hearings"),
    path(f"{court}hearings/new/", views.hearing_add, name="hearing_add"),
    path(f"{hearing}edit/", views.hearing_edit, name="hearing_edit"),
    path(f"{hearing}withdraw/", views.hearing_withdraw, name="hearing_withdraw"),
    path(f"{hearing}orders/new/", views.order_add, name="order_add"),
    path(f"{hearing}reports/new/", views.report_start, name="report_start"),
    path(f"{court}orders/<int:order_pk>/end/", views.order_end, name="order_end"),
    path(report, views.report_page, name="report"),
    path(f"{report}edit/", views.report_edit, name="report_edit"),
    path(f"{report}submit/", views.report_submit, name="report_submit"),
    path(f"{report}decide/", views.report_decide, name="report_decide"),
]
