from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.CalendarDay)
class CalendarDayTranslation(TranslationOptions):
    fields = ("name",)


@register(models.DeadlineRule)
class DeadlineRuleTranslation(TranslationOptions):
    fields = ("name", "legal_reference")
