from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("", views.council_list, name="list"),
    path("campaigns/<slug:campaign_slug>/plan/", views.campaign_link, name="campaign_link"),
    path(
        "campaigns/<slug:campaign_slug>/plan/<int:line_id>/unlink/",
        views.campaign_unlink,
        name="campaign_unlink",
    ),
    path("<slug:slug>/", views.council_detail, name="detail"),
    path("<slug:slug>/plans/new/", views.plan_new, name="plan_new"),
    path("<slug:slug>/plans/<int:year>/", views.plan_detail, name="plan"),
    path("<slug:slug>/plans/<int:year>.pdf", views.plan_pdf, name="plan_pdf"),
    path("<slug:slug>/plans/<int:year>/edit/", views.plan_edit, name="plan_edit"),
    path("<slug:slug>/plans/<int:year>/approve/", views.plan_approve, name="plan_approve"),
    path("<slug:slug>/plans/<int:year>/lines/new/", views.line_edit, name="line_new"),
    path("<slug:slug>/plans/<int:year>/lines/<int:number>/", views.line_edit, name="line_edit"),
]
