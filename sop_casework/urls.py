from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from accounts.urls import auth_urlpatterns

from .health import health

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include(auth_urlpatterns)),
    path("account/", include("accounts.urls")),
    path("account/", include("api.page_urls")),
    path("", include("families.urls")),
    path("", include("intake.urls")),
    path("", include("safety_networks.urls")),
    path("", include("protective_factors.urls")),
    path("", include("placements.urls")),
    path("", include("meetings.urls")),
    path("", include("documents.urls")),
    path("", include("case_plans.urls")),
    path("", include("court.urls")),
    path("", include("supervision.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("api/", include("api.urls")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]
