"""Distances as people say them: "480 м", "2,5 км", "275 км" (kk, ru), "480 m", "275 km" (en).

Every page that shows how far something is from an object (a photo, a field visit) goes through
`human_distance`, or the template filter `distance` that calls it."""

from django.utils.formats import number_format
from django.utils.translation import gettext


def human_distance(metres) -> str:
    """Metres under a kilometre, to the metre; kilometres with a decimal under 10 km, then whole."""
    if metres is None or metres == "":
        return "—"
    metres = float(metres)
    if round(metres) < 1000:
        return gettext("%(metres)s m") % {
            "metres": number_format(round(metres), force_grouping=True)
        }
    kilometres = round(metres / 1000, 1 if metres < 9950 else 0)
    places = 0 if kilometres == int(kilometres) else 1
    return gettext("%(kilometres)s km") % {
        "kilometres": number_format(kilometres, places, force_grouping=True)
    }
