"""Public pages of procurement: the list of contracting processes, a process with its timeline and
red flags, a party with what it bought or won."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.registry.models import PlanningDocument

from . import responses, selectors
from .forms import STATUSES, ProcessFilterForm, in_words
from .models import Award, ContractingProcess, RiskFlag

PAGE_SIZE = 25
SHOWN = 20


def process_list(request):
    form = ProcessFilterForm(request.GET or None)
    qs = selectors.process_rows(request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    document = None
    if data:
        qs = form.filter(qs)
    if data.get("document"):
        # A document the user may not see names no process.
        document = visible(request.user, PlanningDocument).filter(slug=data["document"]).first()
        qs = qs if document else qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/process_list.html",
        {
            "form": form,
            "page": page,
            "buyer": data.get("buyer"),
            "supplier": data.get("supplier"),
            "document": document,
        },
    )


def process_detail(request, ocid):
    process = get_visible_or_404(request.user, selectors.process_page(request.user), ocid=ocid)
    found = selectors.flags_of(process)
    said = responses.for_process(process, user=request.user)
    for flag in found["process"]:
        flag.responses = said.get(flag.code, {})
    return render(
        request,
        "procurement/process_detail.html",
        {
            "process": process,
            "status": in_words(STATUSES, process.tender_status),
            "suppliers": selectors.suppliers_of(process),
            "timeline": selectors.timeline(process),
            "objects": [link.object for link in process.object_links.all()],
            "document": process.document if process.document_visible else None,
            "bid_count": len(process.bids.all()),
            "process_flags": found["process"],
            "buyer_flags": found["buyer"],
            "tenderer_flags": found["tenderer"],
            "flag_run": selectors.latest_run(),
        },
    )


def party_detail(request, pk):
    party = get_visible_or_404(request.user, selectors.parties(), pk=pk)
    bought = visible(request.user, ContractingProcess).filter(buyer=party)
    won = Award.objects.filter(suppliers=party)
    return render(
        request,
        "procurement/party_detail.html",
        {
            "party": party,
            "bought": selectors.bought_by_year(bought),
            "bought_awarded": selectors.awarded(Award.objects.filter(process__buyer=party)),
            "bought_latest": list(selectors.process_rows(request.user).filter(buyer=party)[:SHOWN]),
            "suppliers": selectors.top_suppliers(Q(buyer=party)),
            "won": selectors.awarded(won),
            "won_latest": list(
                selectors.filter_processes(selectors.process_rows(request.user), supplier=party)[
                    :SHOWN
                ]
            ),
            "buyers": selectors.top_buyers(Q(suppliers=party)),
            "flags": list(RiskFlag.objects.filter(party=party).order_by("code", "id")),
            "flag_run": selectors.latest_run(),
        },
    )
