from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "description")
