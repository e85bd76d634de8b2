"""The data of participation that people read in their language: categories, rating criteria and
moderation reasons (a column per language with fallback, like the registry)."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.RatingCriterion)
class RatingCriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(models.ModerationReason)
class ModerationReasonTranslation(TranslationOptions):
    fields = ("name",)
