"""The production URLs, plus the floor page that every measured page is compared to."""

from django.shortcuts import render
from django.urls import path

from sop_casework.urls import urlpatterns as production_urlpatterns


def floor(request):
    """The least a signed-in page costs: the whole middleware stack (session, sign-in,
    two-step, audit context, CSP, session renewal) and the site's layout (base.html, with
    the navigation and the user's unit), and no content of its own."""
    return render(request, "base.html")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *production_urlpatterns]
