"""The field app's JSON endpoints and its service worker, outside the language prefixes."""

from django.urls import path

from . import views

app_name = "field_api"
urlpatterns: list = [
    path("sw.js", views.service_worker, name="sw"),
]
