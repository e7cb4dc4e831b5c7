from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notifications_mark_all_read, name="mark_all_read"),
    path("<uuid:notification_id>/", views.notification_open, name="open"),
    path("email/", views.email_preferences, name="email_preferences"),
]
