"""Placeholder until this module is written."""

from django.http import Http404


def meeting_brief(request, *args, **kwargs):
    raise Http404


def meeting_brief_pdf(request, *args, **kwargs):
    raise Http404
