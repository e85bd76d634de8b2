from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Territory)
class TerritoryTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "short_name", "description", "address")


@register(models.PlanningDocument)
class PlanningDocumentTranslation(TranslationOptions):
    fields = ("title", "description", "approved_by")


@register(models.Direction)
class DirectionTranslation(TranslationOptions):
    fields = ("name",)


@register(models.Goal)
class GoalTranslation(TranslationOptions):
    fields = ("name", "description")


@register(models.Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit")


@register(models.ProjectObject)
class ProjectObjectTranslation(TranslationOptions):
    fields = ("name", "description", "address", "capacity_unit")


@register(models.ObjectPhoto)
class ObjectPhotoTranslation(TranslationOptions):
    fields = ("caption",)
