"""The Open311 GeoReport v2 endpoint, at /open311/v2/ outside the language prefix (like /api/):
discovery, services and a service's definition, requests (read, and filed with an API key) and
one request, each in JSON or XML by its suffix. What it answers is in
baqylau.participation.open311."""

import json

from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.urls import re_path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .. import open311
from ..open311 import Open311Error

ROOTS = {"discovery": "discovery", "services": "services", "requests": "service_requests"}


def _respond(data, *, root: str, format: str, status: int = 200) -> HttpResponse:
    if format == "xml":
        body = open311.to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    response = HttpResponse(
        body, status=status, content_type=f"{open311.FORMATS[format]}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _error(exc: Open311Error, *, format: str) -> HttpResponse:
    return _respond(exc.errors, root="errors", format=format, status=exc.status)


def _endpoint(methods=("GET", "HEAD"), root: str = ""):
    """Checks the method and the jurisdiction, and answers an Open311Error in the spec's
    form."""

    def decorate(view):
        @csrf_exempt
        def wrapped(request, format: str, **kwargs):
            try:
                if request.method not in methods:
                    raise Open311Error(405, _("This method is not allowed here."))
                params = request.POST if request.method == "POST" else request.GET
                open311.check_jurisdiction(params.get("jurisdiction_id", ""), request.get_host())
                data, status = view(request, params, **kwargs)
            except Open311Error as exc:
                return _error(exc, format=format)
            return _respond(data, root=root, format=format, status=status)

        return wrapped

    return decorate


def _media_url(request):
    return lambda name: request.build_absolute_uri(default_storage.url(name))


@_endpoint(root="discovery")
def discovery(request, params):
    url = request.build_absolute_uri(reverse("open311:discovery", kwargs={"format": "json"}))
    return open311.discovery(url=url.rsplit("/", 1)[0] + "/"), 200


@_endpoint(root="services")
def services(request, params):
    return open311.services(lang=open311.language(params)), 200


@_endpoint(root="service_definition")
def service_definition(request, params, code: str):
    return open311.service_definition(code), 200


@_endpoint(methods=("GET", "HEAD", "POST"), root="service_requests")
def requests(request, params):
    if request.method == "POST":
        report = open311.file_request(params=params, media=request.FILES.get("media"))
        return open311.filed(report), 200
    reports = open311.find_requests(open311.parse_query(params))
    return open311.service_requests(
        reports, lang=open311.language(params), media_url=_media_url(request)
    ), 200


@_endpoint(root="service_requests")
def request_detail(request, params, pk: int):
    report = open311.requests_queryset().filter(pk=pk).first()
    if report is None:
        raise Open311Error(404, _("service_request_id provided was not found."))
    return open311.service_requests(
        [report], lang=open311.language(params), media_url=_media_url(request)
    ), 200


FORMAT = r"\.(?P<format>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, discovery, name="discovery"),
    re_path(r"^services" + FORMAT, services, name="services"),
    re_path(r"^services/(?P<code>[-a-zA-Z0-9_]+)" + FORMAT, service_definition, name="service"),
    re_path(r"^requests" + FORMAT, requests, name="requests"),
    re_path(r"^requests/(?P<pk>[0-9]{1,18})" + FORMAT, request_detail, name="request"),
]
