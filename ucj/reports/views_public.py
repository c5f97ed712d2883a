"""Placeholder until this module is written."""

from django.http import Http404


def public_page(request):
    raise Http404


def public_csv(request):
    raise Http404
