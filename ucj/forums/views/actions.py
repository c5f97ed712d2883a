"""Placeholder until this module is written."""

from django.http import Http404


def action_list(request, *args, **kwargs):
    raise Http404


def action_create(request, *args, **kwargs):
    raise Http404


def action_detail(request, *args, **kwargs):
    raise Http404


def action_edit(request, *args, **kwargs):
    raise Http404


def action_update_view(request, *args, **kwargs):
    raise Http404


def evidence_download(request, *args, **kwargs):
    raise Http404


def reminder_list(request, *args, **kwargs):
    raise Http404


def reminder_email_toggle(request, *args, **kwargs):
    raise Http404
