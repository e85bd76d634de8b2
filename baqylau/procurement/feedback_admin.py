"""The back office of what is said of the red flags: read only, never deleted once public; an
administrator withdraws feedback or an answer with a public reason (`core.admin`), as the
platform's last resort (its authors withdraw their own from its page)."""

from django.contrib import admin

from baqylau.core.admin import KeepsPublishedAdmin

from .models import FeedbackFile, FlagAnswer, FlagFeedback


class ReadOnly(KeepsPublishedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FeedbackFileInline(admin.TabularInline):
    model = FeedbackFile
    extra = 0
    can_delete = False
    fields = ["original_name", "content_type", "size", "sha256", "public_file"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FlagFeedback)
class FlagFeedbackAdmin(ReadOnly):
    list_display = ["process", "code", "verdict", "organisation", "created_at", "withdrawn_at"]
    list_filter = ["verdict", "code"]
    search_fields = ["process__ocid", "note"]
    list_select_related = ["process", "organisation"]
    raw_id_fields = ["process", "finding", "author", "organisation"]
    inlines = [FeedbackFileInline]


@admin.register(FlagAnswer)
class FlagAnswerAdmin(ReadOnly):
    list_display = ["process", "code", "body", "answered_at", "withdrawn_at"]
    list_filter = ["code"]
    search_fields = ["process__ocid", "text"]
    list_select_related = ["process", "body"]
    raw_id_fields = ["process", "body", "author"]
