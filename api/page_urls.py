from django.urls import path

from . import views

app_name = "tokens"

urlpatterns = [
    path("api-tokens/", views.personal_tokens, name="personal"),
    path("service-accounts/", views.service_accounts, name="service_accounts"),
]
