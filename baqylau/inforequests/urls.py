from django.urls import path, re_path
from django.views.generic import RedirectView

from . import feeds, views

app_name = "inforequests"

PUBLIC_ID = r"(?P<public_id>[0-9a-f]{10})"

# Steps on a request: the URL's last part, and the name of the URL and of the step in views.STEPS.
STEP_URLS = {
    "register": "register",
    "redirect": "redirect",
    "ask-clarification": "ask_clarification",
    "clarify": "clarify",
    "extend": "extend",
    "answer": "answer",
    "classify": "classify",
    "appeal": "appeal",
    "withdraw": "withdraw",
}

urlpatterns = [
    path("", views.archive, name="archive"),
    path("new/", views.request_new, name="new"),
    path("new/batch/", views.batch_new, name="batch_new"),
    path("mine/", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    # The choice of emails moved to the account; old links still lead there.
    path(
        "notifications/",
        RedirectView.as_view(pattern_name="accounts:notifications", permanent=True),
        name="notifications_moved",
    ),
    path("feed/", feeds.RequestsFeed(), name="feed"),
    path("body/<slug:slug>/feed/", feeds.BodyRequestsFeed(), name="body_feed"),
    re_path(rf"^{PUBLIC_ID}/$", views.detail, name="detail"),
    re_path(rf"^{PUBLIC_ID}/preview/$", views.preview, name="preview"),
    re_path(rf"^{PUBLIC_ID}/send/$", views.send, name="send"),
    re_path(rf"^{PUBLIC_ID}/letter/$", views.letter, name="letter"),
    re_path(rf"^{PUBLIC_ID}/letter\.pdf$", views.letter_pdf, name="letter_pdf"),
    re_path(
        rf"^{PUBLIC_ID}/appeals/(?P<appeal_id>[0-9]+)/letter/$",
        views.appeal_letter,
        name="appeal_letter",
    ),
    re_path(
        rf"^{PUBLIC_ID}/appeals/(?P<appeal_id>[0-9]+)/letter\.pdf$",
        views.appeal_letter_pdf,
        name="appeal_letter_pdf",
    ),
    re_path(
        rf"^{PUBLIC_ID}/answers/(?P<answer_id>[0-9]+)/redact/$",
        views.answer_redact,
        name="answer_redact",
    ),
    re_path(
        rf"^{PUBLIC_ID}/files/(?P<attachment_id>[0-9]+)/hide/$",
        views.attachment_hide,
        name="attachment_hide",
    ),
    re_path(
        rf"^{PUBLIC_ID}/files/(?P<attachment_id>[0-9]+)/original/$",
        views.attachment_original,
        name="attachment_original",
    ),
    *[
        re_path(rf"^{PUBLIC_ID}/{slug}/$", views.step, {"step": name}, name=name)
        for slug, name in STEP_URLS.items()
    ],
]
