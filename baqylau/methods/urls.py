from django.urls import path

from . import views

app_name = "methods"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("import/", views.item_import, name="import"),
    path(
        "from-campaign/<slug:campaign_slug>/checklists/<int:checklist_id>/",
        views.checklist_publish,
        name="checklist_publish",
    ),
    path("<slug:slug>/", views.item_detail, name="item"),
    path("<slug:slug>/versions/new/", views.version_new, name="version_new"),
    path("<slug:slug>/versions/import/", views.item_import, name="version_import"),
    path("<slug:slug>/publish/", views.item_publish, name="publish"),
    path("<slug:slug>/withdraw/", views.item_withdraw, name="withdraw"),
    path("<slug:slug>/start/", views.item_start, name="start"),
    path("<slug:slug>/xlsform/", views.item_xlsform, name="xlsform"),
    path("<slug:slug>/file/", views.item_file, name="file"),
]
