"""The address a load balancer asks whether the server answers (and the benchmarks' smallest
Django page): no database, no template, never cached."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
