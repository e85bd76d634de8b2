"""Findings, recommendations, the final document and the answers, under their campaign's address
(/monitoring/<campaign>/...), and the officers' inbox (/monitoring/inbox/)."""

from django.urls import path

from .views import final_document, findings, inbox

app_name = "accountability"

urlpatterns = [
    # Before the campaigns' addresses (monitoring's urls come after these).
    path("inbox/", inbox.inbox, name="inbox"),
    # Findings and recommendations
    path("<slug:slug>/findings/<int:number>/", findings.finding_detail, name="finding"),
    path(
        "<slug:slug>/recommendations/<int:number>/",
        findings.recommendation_detail,
        name="recommendation",
    ),
    *(
        route
        for kind in (findings.FINDINGS, findings.RECOMMENDATIONS)
        for route in (
            path(
                f"<slug:slug>/{kind.section}/new/",
                findings.written_new,
                {"kind": kind},
                name=f"{kind.name}_new",
            ),
            path(
                f"<slug:slug>/{kind.section}/<int:number>/edit/",
                findings.written_edit,
                {"kind": kind},
                name=f"{kind.name}_edit",
            ),
            path(
                f"<slug:slug>/{kind.section}/<int:number>/delete/",
                findings.written_delete,
                {"kind": kind},
                name=f"{kind.name}_delete",
            ),
        )
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/verify/",
        findings.recommendation_verify,
        name="recommendation_verify",
    ),
    # The final document
    path("<slug:slug>/final-document/", final_document.final_document, name="final_document"),
    path(
        "<slug:slug>/final-document.pdf",
        final_document.final_document_pdf,
        name="final_document_pdf",
    ),
    path(
        "<slug:slug>/final-document/edit/",
        final_document.final_document_edit,
        name="final_document_edit",
    ),
    path(
        "<slug:slug>/final-document/send/",
        final_document.final_document_send,
        name="final_document_send",
    ),
    # The state body's side
    path(
        "<slug:slug>/recommendations/<int:number>/answer/",
        inbox.answer,
        name="answer",
    ),
    path(
        "<slug:slug>/recommendations/<int:number>/notice/",
        inbox.decision_notice,
        name="decision_notice",
    ),
]
