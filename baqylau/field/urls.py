"""The field app's pages, in each language: the offline shell and its manifest."""

from django.urls import path

from . import views

app_name = "field"
urlpatterns: list = [
    path("", views.app, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
