"""The back office edits the kinds of user groups; scorecards themselves change only through
their services (the team's pages), which keep their history, so they are not edited here, and
who took part in a group is not shown here either."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import models


@admin.register(models.GroupKind)
class GroupKindAdmin(TranslationAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name"]
