"""Messages of Django whose Indonesian wording the project fixes in its own catalogue, which
comes before every installed app's: otherwise an app installed later (Django REST framework
translates "This field is required." as "Bidang ini harus diisi.") changes what the forms
say. Listed here so that makemessages keeps them."""

from django.utils.translation import gettext_noop

WORDING = [
    gettext_noop("This field is required."),
]
