"""The REST API: /api/v1/ (each app's api.py registers its viewsets on one router), the
OpenAPI schema at /api/schema/ and its reference page at /api/docs/ (Swagger UI from
drf-spectacular-sidecar's vendored files, no CDN)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import SimpleRouter

from case_plans import api as case_plans_api
from court import api as court_api
from documents import api as documents_api
from families import api as families_api
from intake import api as intake_api
from meetings import api as meetings_api
from placements import api as placements_api
from protective_factors import api as protective_factors_api
from safety_networks import api as safety_networks_api

from .authentication import ApiTokenAuthentication
from .viewsets import ApiViewSet

APPS = [
    families_api,
    safety_networks_api,
    protective_factors_api,
    meetings_api,
    case_plans_api,
    documents_api,
    intake_api,
    placements_api,
    court_api,
]

router = SimpleRouter(use_regex_path=False)
for app in APPS:
    app.register(router)


class NoSuchEndpoint(ApiViewSet):
    """Any other URL under /api/v1/: a 404 problem, not the HTML page (after the token is
    checked, so a caller without one learns nothing of which URLs exist)."""

    schema = None  # not an endpoint of the schema

    def list(self, request, *args, **kwargs):
        raise NotFound()


no_such_endpoint = NoSuchEndpoint.as_view(
    {method: "list" for method in ("get", "post", "put", "patch", "delete")}
)


class Reference(SpectacularSwaggerSplitView):
    """The reference page, for staff signed in (LoginRequiredMiddleware)."""

    template_name = "api/swagger_ui.html"


class Schema(SpectacularAPIView):
    # The schema holds no case data: staff read it signed in (the reference page), programs with a token.
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


v1 = [*router.urls, re_path(r"^.*$", no_such_endpoint, name="not_found")]

# Programs get problem details (401), not the sign-in page: LoginRequiredMiddleware lets the
# API answer for itself; every view of it requires a token (settings.REST_FRAMEWORK).
for pattern in v1:
    login_not_required(pattern.callback)

urlpatterns = [
    path("v1/", include((v1, "api"))),
    path("schema/", login_not_required(Schema.as_view()), name="api_schema"),
    path("docs/", Reference.as_view(url_name="api_schema"), name="api_docs"),
]
