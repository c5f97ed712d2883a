#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    # Commands need no stable SECRET_KEY (nothing they do is signed for later): without one,
    # settings use a random key for this process. The web server (wsgi) still requires it.
    os.environ.setdefault("UCJ_COMMAND_LINE", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
