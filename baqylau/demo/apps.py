from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Illustrative demo data and `load_demo`; no models, and no app imports it."""

    name = "baqylau.demo"
