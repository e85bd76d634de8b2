from django.urls import path

from . import document_views, finding_views, inbox_views, views

app_name = "monitoring"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    # Before the campaigns' addresses: the recommendations to an officer's bodies.
    path("inbox/", inbox_views.inbox, name="inbox"),
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
    path(
        "<slug:slug>/checklists/<int:checklist_id>/import/",
        views.checklist_import,
        name="checklist_import_version",
    ),
    # Findings and recommendations
    path("<slug:slug>/findings/new/", finding_views.finding_new, name="finding_new"),
    path("<slug:slug>/findings/<int:number>/", finding_views.finding_detail, name="finding"),
    path(
        "<slug:slug>/findings/<int:number>/edit/",
        finding_views.finding_edit,
        name="finding_edit",
    ),
    path(
        "<slug:slug>/findings/<int:number>/delete/",
        finding_views.finding_delete,
        name="finding_delete",
    ),
    path(
        "<slug:slug>/recommendations/new/",
        finding_views.recommendation_new,
        name="recommendation_new",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/",
        finding_views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/edit/",
        finding_views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/delete/",
        finding_views.recommendation_delete,
        name="recommendation_delete",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/verify/",
        finding_views.recommendation_verify,
        name="recommendation_verify",
    ),
    # The final document
    path("<slug:slug>/final-document/", document_views.final_document, name="final_document"),
    path(
        "<slug:slug>/final-document.pdf",
        document_views.final_document_pdf,
        name="final_document_pdf",
    ),
    path(
        "<slug:slug>/final-document/edit/",
        document_views.final_document_edit,
        name="final_document_edit",
    ),
    path(
        "<slug:slug>/final-document/send/",
        document_views.final_document_send,
        name="final_document_send",
    ),
    # The state body's side
    path(
        "<slug:slug>/recommendations/<int:number>/answer/",
        inbox_views.answer,
        name="answer",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/notice/",
        inbox_views.decision_notice,
        name="decision_notice",
    ),
]
