from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.campaign_edit, name="edit"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:member_id>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/declaration/", views.declaration, name="declaration"),
    path("<slug:slug>/advance/", views.advance, name="advance"),
    path("<slug:slug>/publish/", views.publish, name="publish"),
    path("<slug:slug>/checklists/new/", views.checklist_new, name="checklist_new"),
    path("<slug:slug>/checklists/import/", views.checklist_import, name="checklist_import"),
    path("<slug:slug>/checklists/<int:checklist_id>/", views.checklist_detail, name="checklist"),
    path(
        "<slug:slug>/checklists/<int:checklist_id>/revise/",
        views.checklist_revise,
        name="checklist_revise",
    ),
    path("<slug:slug>/visits/new/", views.visit_new, name="visit_new"),
    path("<slug:slug>/visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("<slug:slug>/visits/<int:visit_id>/correct/", views.visit_correct, name="visit_correct"),
    path(
        "<slug:slug>/visits/<int:visit_id>/withdraw/", views.visit_withdraw, name="visit_withdraw"
    ),
    path(
        "<slug:slug>/evidence/<int:evidence_id>/thumbnail/",
        views.evidence_thumbnail,
        name="evidence_thumbnail",
    ),
    path(
        "<slug:slug>/checklists/<int:checklist_id>/import/",
        views.checklist_import,
        name="checklist_import_version",
    ),
]
