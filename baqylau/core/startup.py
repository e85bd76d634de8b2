"""What a server process does once, after Django has started and before its first request.

Every view's module is loaded now (the URLconf, and through it the views, serializers and forms),
rather than at the first request of each, which took seconds at the first request of the API.
Then what start-up made (modules, classes, settings: about 165,000 objects) is frozen: the
garbage collector leaves it out of its full collections, each of which went through all of it
(0.5 to 0.8 s on the busy development machine). Objects made by requests are collected as
before.
"""

import gc

from django.urls import get_resolver


def ready_to_serve() -> None:
    get_resolver().url_patterns  # noqa: B018 -- imports every view's module
    gc.collect()  # what is garbage now is not kept for ever
    gc.freeze()
