"""A library of methods shared between NGOs: checklists, scorecard indicator sets, guides and
templates of letters, with their versions and the campaigns that used them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "baqylau.methods"
    verbose_name = _("Library of methods")

    def ready(self):
        from baqylau.monitoring import pages

        from .views import campaign_section

        # The campaign page says which of its checklists came from the library, and offers its
        # coordinators to start from the library or to give a checklist to it.
        pages.register(
            pages.Section(templates=("methods/_campaign_section.html",), context=campaign_section)
        )
