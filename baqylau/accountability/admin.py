"""The back office shows findings, recommendations, answers and final documents read-only: they
change only through the services, which keep the rules of the cycle and its public record."""

from django.contrib import admin

from baqylau.core.admin import LargeListAdmin
from baqylau.monitoring.admin import ReadOnlyAdmin, ReadOnlyInline

from . import models


@admin.register(models.Finding)
class FindingAdmin(ReadOnlyAdmin, LargeListAdmin):
    list_display = ["campaign", "number", "title", "category", "severity", "created_at"]
    list_filter = ["category", "severity"]
    search_fields = ["title", "campaign__slug"]
    list_select_related = ["campaign"]


class AnswerInline(ReadOnlyInline):
    model = models.RecommendationAnswer
    fields = ["decision", "reasons", "answered_on", "answered_by", "recorded_at"]
    show_change_link = True


class VerificationInline(ReadOnlyInline):
    model = models.VerificationRecord
    fields = ["verified_on", "verification", "note", "verified_by", "recorded_at"]


class NoticeInline(ReadOnlyInline):
    model = models.DecisionNotice
    fields = ["decision_on", "notified_on", "note", "notified_by"]


@admin.register(models.Recommendation)
class RecommendationAdmin(ReadOnlyAdmin, LargeListAdmin):
    list_display = [
        "campaign",
        "number",
        "body",
        "state",
        "sent_on",
        "due_on",
        "answered_on",
        "answered_late",
        "verification",
    ]
    list_filter = ["state", "answered_late", "verification"]
    search_fields = ["text", "campaign__slug", "body__name_ru", "body__name_kk"]
    list_select_related = ["campaign", "body"]
    list_reads = ["text"]  # a recommendation is named by its text's beginning
    inlines = [AnswerInline, NoticeInline, VerificationInline]


class MeasureInline(ReadOnlyInline):
    model = models.PlannedMeasure
    fields = ["text", "due_on"]


class AnswerFileInline(ReadOnlyInline):
    model = models.AnswerFile
    fields = ["name", "content_type", "size", "sha256", "created_at"]


@admin.register(models.RecommendationAnswer)
class RecommendationAnswerAdmin(ReadOnlyAdmin):
    list_display = ["recommendation", "decision", "answered_on", "answered_by"]
    list_filter = ["decision"]
    list_select_related = ["recommendation__campaign"]
    inlines = [MeasureInline, AnswerFileInline]


@admin.register(models.FinalDocument)
class FinalDocumentAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "language", "sent_on", "pdf_sha256"]
    list_filter = ["language"]
    list_select_related = ["campaign"]
