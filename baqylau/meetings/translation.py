"""The data of meetings that people read in their language: the legal references of the
announcement rules (a column per language with fallback, like the registry)."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.AnnouncementRule)
class AnnouncementRuleTranslation(TranslationOptions):
    fields = ("legal_reference",)
