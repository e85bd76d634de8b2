from django.urls import path

from . import rankings

app_name = "rankings"

urlpatterns = [
    path("requests/bodies/", rankings.ranking_page, name="bodies"),
]
