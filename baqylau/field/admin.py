from django.contrib import admin

from .models import Submission, SubmissionFile


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    fields = ("client_file_id", "name", "size", "sha256", "received", "confirmed_at", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Visits sent from phones, to look at when a monitor asks what became of one: read only,
    since the phone and the services alone change them."""

    list_display = ("client_id", "campaign", "user", "kind", "state", "created_at", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("client_id", "user__email", "campaign__slug")
    list_select_related = ("campaign", "user")
    readonly_fields = (
        "client_id",
        "campaign",
        "user",
        "kind",
        "visit",
        "base_revision",
        "payload",
        "state",
        "refusal",
        "created_at",
        "updated_at",
        "sent_at",
    )
    fields = readonly_fields
    inlines = [SubmissionFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
