import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
application = get_wsgi_application()

from baqylau.core.startup import ready_to_serve  # noqa: E402 -- once Django has started

ready_to_serve()
