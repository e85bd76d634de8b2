from django.urls import path, re_path

from . import feeds, views

app_name = "inforequests"

PUBLIC_ID = r"(?P<public_id>[0-9a-f]{10})"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("feed/", feeds.RequestsFeed(), name="feed"),
    path("body/<slug:slug>/feed/", feeds.BodyRequestsFeed(), name="body_feed"),
    re_path(rf"^{PUBLIC_ID}/$", views.detail, name="detail"),
]
