"""The Django admin's own texts that the project translates again, so that makemessages extracts
them into the project's catalogue (baqylau/locale), which comes before Django's.

Why: Django's Kazakh catalogue of the admin is old and partly wrong ("Даңғо әкімшілігі" for
"Django administration", "Өзгетру" for "Change") and lacks the texts of the newer admin ("Recent
actions", "View site", "Show counts"…), which the back office then shows in English. Listing a
msgid here changes nothing by itself: the maintainer translates it in the .po files, and the
translation in the project's catalogue wins over Django's. Each msgid must be exactly Django's
(tests/core/test_admin_language.py checks them against Django's English catalogues).

Nothing imports this module; it exists to be read by makemessages.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

TEXTS = (
    gettext_noop("Change"),
    gettext_noop("Change %s"),
    gettext_noop("Django administration"),
    gettext_noop("Django site admin"),
    gettext_noop("Go"),
    gettext_noop("Select %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Change history: %s"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("None available"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Site administration"),
    gettext_noop("Run the selected action"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Clear selection"),
    gettext_noop("View"),
    gettext_noop("View site"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to view"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Clear all filters"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Empty"),
    gettext_noop("Not empty"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("Change selected %(model)s"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("Added."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop("Summary"),
    gettext_noop("Error:"),
    gettext_noop("Administration"),
    gettext_noop(
        "This object doesn’t have a change history. It probably wasn’t added via this admin site."
    ),
    gettext_noop("Authentication and Authorization"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)

# The plural ones (ngettext_lazy: makemessages extracts both forms; nothing is translated here).
PLURALS = (
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
    ),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below."),
    ngettext_lazy("entry", "entries"),
)
