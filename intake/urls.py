from django.urls import path

from . import views

app_name = "intake"
family = "families/<uuid:public_id>/"

urlpatterns = [
    path("referrals/new/", views.referral_new_family, name="referral_new_family"),
    path(f"{family}referrals/new/", views.referral_new, name="referral_new"),
    path(f"{family}referrals/<int:pk>/", views.referral_detail, name="referral"),
    path(f"{family}referrals/<int:pk>/allegations/new/", views.allegation_add, name="allegation_add"),
    path(f"{family}referrals/<int:pk>/screening/", views.referral_screen, name="screen"),
    path(f"{family}referrals/<int:pk>/findings/", views.referral_findings, name="findings"),
]
