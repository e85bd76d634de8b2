"""Public pages of procurement: the list of contracting processes, a process with its timeline and
red flags, a party with what it bought or won."""

from django.http import Http404


def process_list(request):
    raise Http404


def process_detail(request, ocid):
    raise Http404


def party_detail(request, pk):
    raise Http404
