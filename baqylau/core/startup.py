"""What an app server does once, before its first request.

Every request of a Django process allocates thousands of short-lived objects; every so many
allocations Python's collector runs, and a full collection walks every object the process holds,
most of them made at start-up (modules, URL patterns, templates, translations) and alive until
the process ends. Measured on the API lists, a full collection every ~8 requests added about
86 ms to one of them. `ready()` imports what the first request would (the URL configuration and
through it every view, the templates' engine) and then moves everything alive into the
collector's permanent generation (`gc.freeze()`), which it never walks again: collections then
only look at what requests made. With gunicorn's `--preload` the frozen objects are also shared
between the workers instead of copied when the collector would touch them.
"""

import gc


def ready() -> None:
    from django.template import engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the views, their forms and serializers
    engines.all()  # the template engines and their tag libraries
    gc.collect()
    gc.freeze()
