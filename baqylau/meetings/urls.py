from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("commitments/", views.commitment_inbox, name="commitment_inbox"),
    path("commitments/<int:pk>/", views.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/answer/", views.commitment_answer, name="commitment_answer"),
    path("questions/held/", views.held_questions, name="held_questions"),
    path("questions/<int:pk>/support/", views.question_support, name="question_support"),
    path("questions/<int:pk>/moderate/", views.question_moderate, name="question_moderate"),
    path("<slug:slug>/", views.meeting_detail, name="detail"),
    path("<slug:slug>/edit/", views.meeting_edit, name="edit"),
    path("<slug:slug>/publish/", views.meeting_publish, name="publish"),
    path("<slug:slug>/withdraw/", views.meeting_withdraw, name="withdraw"),
    path("<slug:slug>/agenda/", views.agenda_add, name="agenda_add"),
    path("<slug:slug>/materials/", views.material_add, name="material_add"),
    path("<slug:slug>/minutes/", views.minutes, name="minutes"),
    path("<slug:slug>/decisions/", views.decision_add, name="decision_add"),
    path("<slug:slug>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("<slug:slug>/questions/", views.question_ask, name="question_ask"),
    path("<slug:slug>/registration/", views.registration, name="registration"),
]
