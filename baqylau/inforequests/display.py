"""How requests appear to the public: the requester may keep their name hidden."""

from django.utils.translation import gettext as _


def public_requester_name(request) -> str:
    if request.hide_requester_name:
        return _("a citizen (name withheld)")
    return request.requester.get_full_name() or _("a registered user")
