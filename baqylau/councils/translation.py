from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.CouncilMember)
class CouncilMemberTranslation(TranslationOptions):
    fields = ("name", "position")


@register(models.MonitoringPlan)
class MonitoringPlanTranslation(TranslationOptions):
    fields = ("title",)


@register(models.PlanLine)
class PlanLineTranslation(TranslationOptions):
    fields = ("subject", "term_text", "goals", "tasks")
