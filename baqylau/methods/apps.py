from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "baqylau.methods"
    verbose_name = _("Library of methods")
