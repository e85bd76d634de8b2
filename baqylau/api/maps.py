"""The map of objects asks for what is in view: GET /api/map/objects/?bbox=w,s,e,n&zoom=z with
the object filters of the API (document, territory, kind, status, q) answers with the objects in
that box when they are few, else with clusters counted by the database on a grid that follows the
zoom (baqylau.registry.selectors.map_view). A view's answer stays under MAP_MAX_BYTES whatever
the number of objects; public objects only, whoever asks, so that every visitor gets the same
answer."""

import math

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from baqylau.core.permissions import visible
from baqylau.registry import selectors
from baqylau.registry.models import ProjectObject

from .filters import ObjectFilter
from .views import BAD_REQUEST, LanguageMixin

# The answer for one view, at most (the grid and the number of single objects keep it well under).
MAP_MAX_BYTES = 50_000
WORLD = selectors.MapBox(west=-180.0, south=-90.0, east=180.0, north=90.0)
DEFAULT_ZOOM = 5


class MapObjectSerializer(drf.Serializer):
    id = drf.IntegerField()
    slug = drf.SlugField()
    name = drf.CharField()
    # A plain string here: the choices are those of /api/objects/ (one enum in the schema).
    status = drf.CharField(help_text=_("The object's status, as in /api/objects/"))
    lat = drf.FloatField()
    lon = drf.FloatField()
    url = drf.CharField(help_text=_("The object's page on the portal"))


class MapClusterSerializer(drf.Serializer):
    lat = drf.FloatField(help_text=_("The mean latitude of the objects in the cell"))
    lon = drf.FloatField(help_text=_("The mean longitude of the objects in the cell"))
    count = drf.IntegerField(min_value=1)


class MapViewSerializer(drf.Serializer):
    count = drf.IntegerField(help_text=_("How many objects are in the box"))
    cell = drf.FloatField(
        allow_null=True,
        help_text=_("The side of a cluster's cell in degrees; null when objects are listed"),
    )
    objects = MapObjectSerializer(many=True)
    clusters = MapClusterSerializer(many=True)


def parse_box(raw: str) -> selectors.MapBox:
    """?bbox=west,south,east,north in degrees; the whole world when absent."""
    if not raw:
        return WORLD
    message = _(
        "Give west,south,east,north in degrees, west before east and south before north, "
        "such as 75.5,51.5,77.5,52.5."
    )
    parts = raw.split(",")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ValidationError({"bbox": [message]}) from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise ValidationError({"bbox": [message]})
    # A map scrolled past the date line or the poles asks for more than the world: clamp it.
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -90.0), min(north, 90.0)
    if not (west < east and south < north):
        raise ValidationError({"bbox": [message]})
    return selectors.MapBox(west=west, south=south, east=east, north=north)


def parse_zoom(raw: str) -> int:
    if not raw:
        return DEFAULT_ZOOM
    if not raw.isdigit() or int(raw) > selectors.MAP_MAX_ZOOM:
        raise ValidationError(
            {"zoom": [_("A whole number from 0 to %(max)s.") % {"max": selectors.MAP_MAX_ZOOM}]}
        )
    return int(raw)


def object_url_of():
    """A function slug -> the object's portal path in the active language, reversed once."""
    marker = "SLUG"
    head, tail = reverse("portal:object", kwargs={"slug": marker}).rsplit(marker, 1)
    return lambda slug: f"{head}{slug}{tail}"


class MapObjectsView(LanguageMixin, APIView):
    """What a map of objects shows in a box at a zoom: the public objects themselves when there
    are at most 200 in the box, else clusters (a count and a centre per cell of a grid whose cells
    shrink as the zoom grows, at most 24 × 24 per view; without a filter, a cell cut by the box's
    edge counts all its objects). The object filters narrow the objects as in
    /api/objects/. The whole set stays available as /data/objects.geojson."""

    @extend_schema(
        operation_id="map_objects",
        parameters=[
            OpenApiParameter(
                "bbox",
                str,
                description=_("The box in view: west,south,east,north in degrees (default: all)"),
                pattern=r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$",
            ),
            OpenApiParameter(
                "zoom",
                {"type": "integer", "minimum": 0, "maximum": selectors.MAP_MAX_ZOOM},
                description=_("The map's zoom level, as in web map tiles (default 5)"),
            ),
            OpenApiParameter("document", str, description=_("Planning document slug")),
            OpenApiParameter(
                "territory",
                str,
                description=_("Territory slug (includes the territories under it)"),
            ),
            OpenApiParameter("kind", str, enum=ProjectObject.Kind.values),
            OpenApiParameter("status", str, enum=ProjectObject.Status.values),
            OpenApiParameter("q", str, description=_("Search in names, addresses and contracts")),
        ],
        responses={200: MapViewSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        box = parse_box(request.GET.get("bbox", "").strip())
        zoom = parse_zoom(request.GET.get("zoom", "").strip())
        # Public objects only, whoever asks: the answer is the same for every visitor.
        public = visible(AnonymousUser(), ProjectObject)
        filterset = ObjectFilter(request.GET, queryset=public)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        lang = (translation.get_language() or "kk")[:2]
        view = selectors.map_view(
            filterset.qs,
            box=box,
            zoom=zoom,
            name_of=selectors.MapNames(lang),
            url_of=object_url_of(),
            # Room for the keys and the count around the list of objects.
            max_bytes=MAP_MAX_BYTES - 200,
            # No filter: every public object, whose clusters the grid keeps as data.
            kept=not any(request.GET.get(name) for name in filterset.filters),
        )
        return Response(view)
