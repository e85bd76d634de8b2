from django.urls import path

from . import stats_views

app_name = "requeststats"

urlpatterns = [
    path("requests/bodies/", stats_views.ranking_page, name="ranking"),
]
