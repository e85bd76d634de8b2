"""Public pages of information requests. Every fetch goes through baqylau.core.permissions."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from baqylau.core.permissions import get_visible_or_404, visible

from .display import public_requester_name
from .forms import ArchiveFilterForm
from .models import Answer, Attachment, InformationRequest, RequestEvent

PAGE_SIZE = 25


def archive(request):
    form = ArchiveFilterForm(request.GET or None)
    qs = visible(request.user, InformationRequest).exclude(status="draft")
    qs = qs.select_related("body", "requester").defer("body__search_text")
    if form.is_valid():
        qs = form.filter(qs)
    page = Paginator(qs.order_by("-updated_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.public_requester = public_requester_name(item)
    return render(request, "inforequests/archive.html", {"form": form, "page": page})


def detail(request, public_id):
    item = get_visible_or_404(
        request.user,
        InformationRequest.private_objects.select_related(
            "body", "requester", "document", "object", "batch"
        ).prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.select_related("other_body")),
            Prefetch(
                "answers",
                queryset=Answer.objects.prefetch_related(
                    Prefetch("attachments", queryset=Attachment.objects.filter(hidden=False))
                ),
            ),
        ),
        public_id=public_id,
    )
    return render(
        request,
        "inforequests/detail.html",
        {
            "item": item,
            "requester_name": public_requester_name(item),
            "is_requester": request.user.is_authenticated and item.requester_id == request.user.id,
        },
    )
