"""Atom feeds of public requests: all of them, a search, or one body's."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from baqylau.core.permissions import get_visible_or_404
from baqylau.registry.models import Organisation

from .display import public_requester_name
from .forms import ArchiveFilterForm
from .models import InformationRequest

FEED_SIZE = 50


class RequestsFeed(Feed):
    """Requests matching the archive's filters (?q=, ?body=, ?status=, ?document=)."""

    feed_type = Atom1Feed

    def get_object(self, request):
        form = ArchiveFilterForm(request.GET or None)
        return form

    def title(self, form):
        if form.is_bound and form.is_valid() and form.cleaned_data.get("q"):
            return _("Information requests: “%(q)s”") % {"q": form.cleaned_data["q"]}
        return _("Information requests")

    def link(self, form):
        return reverse("inforequests:archive")

    def subtitle(self, form):
        return _("Public requests for information to state bodies, with their answers.")

    def items(self, form):
        qs = InformationRequest.public_objects.select_related("body", "requester")
        if form.is_bound and form.is_valid():
            qs = form.filter(qs)
        return qs.order_by("-updated_at")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.subject} — {item.body.name} ({item.get_status_display()})"

    def item_description(self, item):
        return item.text

    def item_author_name(self, item):
        return public_requester_name(item)

    def item_pubdate(self, item):
        return item.sent_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class BodyRequestsFeed(RequestsFeed):
    """Public requests to one state body."""

    def get_object(self, request, slug):
        return get_visible_or_404(request.user, Organisation, slug=slug)

    def title(self, body):
        return _("Information requests to %(body)s") % {"body": body.name}

    def link(self, body):
        return reverse("inforequests:archive") + f"?body={body.slug}"

    def items(self, body):
        return (
            InformationRequest.public_objects.filter(body=body)
            .select_related("body", "requester")
            .order_by("-updated_at")[:FEED_SIZE]
        )
