"""Placeholder until this module is written."""

from django.http import Http404


def meeting_list(request, *args, **kwargs):
    raise Http404


def meeting_create(request, *args, **kwargs):
    raise Http404


def meeting_detail(request, *args, **kwargs):
    raise Http404


def meeting_edit(request, *args, **kwargs):
    raise Http404


def meeting_attendees(request, *args, **kwargs):
    raise Http404


def attachment_upload(request, *args, **kwargs):
    raise Http404


def attachment_download(request, *args, **kwargs):
    raise Http404


def attachment_delete(request, *args, **kwargs):
    raise Http404


def challenge_list(request, *args, **kwargs):
    raise Http404


def challenge_create(request, *args, **kwargs):
    raise Http404


def challenge_edit(request, *args, **kwargs):
    raise Http404
