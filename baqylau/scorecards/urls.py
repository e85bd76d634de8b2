"""A campaign's community scorecard, under /scorecards/<campaign slug>/."""

from django.urls import path

from . import views

app_name = "scorecards"

urlpatterns = [
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/start/", views.start, name="start"),
    path("<slug:slug>/inputs/", views.inputs, name="inputs"),
    path("<slug:slug>/groups/", views.groups, name="groups"),
    path(
        "<slug:slug>/groups/<int:pk>/participants/",
        views.participant_add,
        name="participant_add",
    ),
    path("<slug:slug>/groups/<int:pk>/scores/", views.paper_scores, name="paper_scores"),
    path("<slug:slug>/groups/<int:pk>/score/", views.score, name="score"),
    path("<slug:slug>/join/<str:token>/", views.join, name="join"),
    path("<slug:slug>/indicators/", views.indicators, name="indicators"),
    path(
        "<slug:slug>/indicators/from-library/",
        views.indicators_from_library,
        name="indicators_from_library",
    ),
    path("<slug:slug>/provider/", views.provider, name="provider"),
    path("<slug:slug>/plan/", views.plan, name="plan"),
    path("<slug:slug>/plan/submit/", views.plan_submit, name="plan_submit"),
    path("<slug:slug>/actions/<int:pk>/accept/", views.action_accept, name="action_accept"),
]
