"""The field app's JSON endpoints and its service worker, outside the language prefixes."""

from django.urls import path

from . import api, views

app_name = "field_api"
urlpatterns: list = [
    path("sw.js", views.service_worker, name="sw"),
    path("api/bundle/", api.bundle, name="bundle"),
    path("api/areas/", api.areas, name="areas"),
    path("api/areas/<slug:slug>/", api.area, name="area"),
    path("api/visits/", api.visits, name="visits"),
    path("api/visits/<uuid:client_id>/", api.visit_status, name="visit"),
    path("api/visits/<uuid:client_id>/files/<str:file_id>", api.visit_file, name="file"),
]
