"""The reference data of scorecards that people read in their language: the kinds of groups."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.GroupKind)
class GroupKindTranslation(TranslationOptions):
    fields = ("name",)
