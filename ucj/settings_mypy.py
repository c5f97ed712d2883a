"""Settings for mypy's Django plugin only (pyproject.toml, [tool.django-stubs]).

The plugin imports the settings to learn the installed apps and models. The real settings
refuse to load without SECRET_KEY unless DEBUG is on; type checking is development work, so
it reads the development settings and `.venv/bin/mypy` needs nothing in the environment.
Nothing else imports this module.
"""

import os

os.environ["DEBUG"] = "1"

from ucj.settings import *  # noqa: E402, F403
