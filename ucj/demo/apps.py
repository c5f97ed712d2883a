from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The NTB demonstration data (``manage.py load_demo``): the top layer, which may import
    every domain app and which none imports (docs/architecture.md, "Layers")."""

    name = "ucj.demo"
    label = "demo"
