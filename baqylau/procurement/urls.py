from django.urls import path

from . import feedback_views, views

app_name = "procurement"

urlpatterns = [
    path("", views.process_list, name="processes"),
    # What is said of a flag comes before the process's own address, whose ocid may hold "/".
    path(
        "processes/<path:ocid>/flags/<str:code>/feedback/",
        feedback_views.flag_feedback,
        name="flag_feedback",
    ),
    path(
        "processes/<path:ocid>/flags/<str:code>/answer/",
        feedback_views.flag_answer,
        name="flag_answer",
    ),
    path("feedback/<int:pk>/", feedback_views.feedback_detail, name="feedback"),
    path("feedback/<int:pk>/withdraw/", feedback_views.feedback_withdraw, name="feedback_withdraw"),
    path("feedback/<int:pk>/finding/", feedback_views.feedback_finding, name="feedback_finding"),
    path("answers/<int:pk>/", feedback_views.answer_detail, name="answer"),
    path("answers/<int:pk>/withdraw/", feedback_views.answer_withdraw, name="answer_withdraw"),
    path("processes/<path:ocid>/", views.process_detail, name="process"),
    path("parties/<int:pk>/", views.party_detail, name="party"),
]
