import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baqylau.settings")
application = get_wsgi_application()

from baqylau.core import startup  # noqa: E402

startup.ready()
