"""The back office of information requests: staff look into a request and its timeline, redact
answers and hide files. The timeline itself is written by the workflow only, so it is read-only
here: a status changed by hand would have no event to explain it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from baqylau.core.admin import KeepsPublishedAdmin, LargeListAdmin, YearListFilter

from . import models, services


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = models.RequestEvent
    fields = ["happened_on", "kind", "status_after", "other_body", "due_date", "note", "actor"]
    show_change_link = False


class AnswerInline(ReadOnlyInline):
    model = models.Answer
    fields = ["received_on", "source", "classification", "redacted", "author"]


class AppealInline(ReadOnlyInline):
    model = models.Appeal
    fields = ["filed_on", "superior_body", "grounds"]
    show_change_link = False


@admin.register(models.InformationRequest)
class InformationRequestAdmin(KeepsPublishedAdmin, LargeListAdmin):
    list_display = ["public_id", "subject", "body", "requester", "status", "due_date"]
    list_filter = [
        "status",
        "delivery",
        "is_public",
        "extended",
        "language",
        ("created_at", YearListFilter),
    ]
    search_fields = ["public_id", "subject", "requester__email", "body__name_ru", "body__name_kk"]
    list_select_related = ["body", "requester"]
    fields = [
        "public_id",
        "requester",
        "body",
        "batch",
        "subject",
        "text",
        "asked",
        "language",
        "document",
        "object",
        "is_public",
        "hide_requester_name",
        "delivery",
        "status",
        "sent_at",
        "registered_on",
        "registration_number",
        "due_date",
        "extended",
        "answered_on",
        "created_at",
        "updated_at",
    ]
    # Only what the requester could change themselves is editable here.
    readonly_fields = [f for f in fields if f not in {"is_public", "hide_requester_name"}]
    inlines = [EventInline, AnswerInline, AppealInline]

    def has_add_permission(self, request):
        return False


class AttachmentInline(ReadOnlyInline):
    model = models.Attachment
    fields = ["name", "content_type", "size", "sha256", "hidden"]


@admin.register(models.Answer)
class AnswerAdmin(KeepsPublishedAdmin):
    published_via = "request"
    list_display = ["request", "received_on", "source", "classification", "redacted"]
    list_filter = ["source", "classification", "redacted"]
    search_fields = ["request__public_id", "request__subject"]
    list_select_related = ["request"]
    fields = [
        "request",
        "received_on",
        "source",
        "author",
        "classification",
        "legal_ground",
        "text",
        "public_text",
        "redacted",
    ]
    readonly_fields = [f for f in fields if f != "public_text"]
    inlines = [AttachmentInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the workflow, so that search forgets the words taken out.
        services.answer_redact(answer=obj, public_text=obj.public_text, actor=request.user)


@admin.register(models.Attachment)
class AttachmentAdmin(KeepsPublishedAdmin):
    published_via = "request"
    list_display = ["name", "request", "content_type", "size", "hidden"]
    list_filter = ["hidden", "content_type"]
    search_fields = ["name", "sha256", "request__public_id"]
    list_select_related = ["request"]
    readonly_fields = [
        "request",
        "answer",
        "name",
        "content_type",
        "size",
        "sha256",
        "hidden",
        "original",
        "public_file",
        "uploaded_by",
        "created_at",
    ]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide from the public"))
    def hide(self, request, queryset):
        for attachment in queryset:
            services.attachment_hide(attachment=attachment, hidden=True, actor=request.user)

    @admin.action(description=_("Show to the public again"))
    def show(self, request, queryset):
        for attachment in queryset:
            services.attachment_hide(attachment=attachment, hidden=False, actor=request.user)


@admin.register(models.RequestBatch)
class RequestBatchAdmin(admin.ModelAdmin):
    list_display = ["subject", "requester", "created_at"]
    search_fields = ["subject", "requester__email"]
    raw_id_fields = ["requester"]
