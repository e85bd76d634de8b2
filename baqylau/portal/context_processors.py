"""What every page needs: the map tiles, the public address, and whether demo content is shown."""

from django.conf import settings
from django.core.cache import cache

from baqylau.registry.models import PlanningDocument

DEMO_CACHE_KEY = "demo-data-present"


def _demo_data_present() -> bool:
    return PlanningDocument.private_objects.filter(slug__startswith="demo-").exists()


def site(request):
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "SITE_URL": settings.SITE_URL,
        # Demo content is marked on every page as illustrative.
        "demo_data": cache.get_or_set(DEMO_CACHE_KEY, _demo_data_present, 300),
    }
