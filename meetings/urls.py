from django.urls import path

from . import views

app_name = "meetings"

base = "families/<uuid:public_id>/meetings/"

urlpatterns = [
    path("meetings/", views.my_meetings, name="upcoming"),
    path("meetings/export.<export:fmt>", views.upcoming_export, name="upcoming_export"),
    path("meetings/overdue-items/export.<export:fmt>", views.overdue_export, name="overdue_export"),
    path(base, views.meeting_list, name="list"),
    path(f"{base}new/", views.meeting_schedule, name="schedule"),
    path(f"{base}held/", views.meeting_record_held, name="record_held"),
    path(f"{base}<int:pk>/", views.meeting_page, name="meeting"),
    path(f"{base}<int:pk>/record/", views.meeting_record, name="record"),
    path(f"{base}<int:pk>/summary/", views.meeting_summary, name="summary"),
    path(f"{base}<int:pk>/to-map/", views.meeting_carry_to_map, name="carry_to_map"),
    path(f"{base}<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path(f"{base}<int:pk>/scaling/", views.meeting_scaling, name="scaling"),
    path(f"{base}<int:pk>/actions/new/", views.action_item_add, name="action_add"),
    path(f"{base}<int:pk>/actions/<int:item_pk>/edit/", views.action_item_edit, name="action_edit"),
]
