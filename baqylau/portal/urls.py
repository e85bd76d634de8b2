from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<slug:slug>/", views.document_detail, name="document"),
    path("documents/<slug:slug>/revisions/", views.document_revisions, name="document_revisions"),
    path("objects/", views.object_list, name="objects"),
    path("objects/<slug:slug>/", views.object_detail, name="object"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("territories/", views.territory_list, name="territories"),
    path("territories/<slug:slug>/", views.territory_detail, name="territory"),
    path("about/statuses/", views.status_rule, name="status_rule"),
    path("open-data/", views.open_data, name="open_data"),
    path("record/withdrawals/", views.withdrawals, name="withdrawals"),
    path("record/", views.public_record, name="public_record"),
    path("record/check/", views.public_record_check, name="public_record_check"),
]
