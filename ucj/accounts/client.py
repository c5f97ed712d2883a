"""The address of the client a request comes from, for sign-in throttling and the audit log.

Without ``UCJ_BEHIND_PROXY`` (env ``BEHIND_PROXY``) it is the peer address of the connection
(``REMOTE_ADDR``); whatever the client writes into ``X-Forwarded-For`` is ignored, or anyone
could pose as any address.

Behind a reverse proxy every connection comes from the proxy. Each proxy appends the address
it received the request from to ``X-Forwarded-For``, so the list reads
``[what the client wrote …, the client, proxy 1, …]`` and the connection's peer is the last
proxy. The client is the right-most address that is not one of our trusted proxies
(``UCJ_TRUSTED_PROXIES``: addresses or networks): everything left of it was written by the
client and is not believed. A connection from an untrusted peer (someone bypassing the proxy)
is its own client address, whatever its headers say.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_networks() -> tuple:
    return _networks(tuple(settings.UCJ_TRUSTED_PROXIES))


def _parse(value: str):
    """An address from a header entry ("1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443"), or None."""
    value = value.strip().strip('"')
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """The client's address as text (also ``AXES_CLIENT_IP_CALLABLE``), None if unknown."""
    peer = _parse(request.META.get("REMOTE_ADDR", "") or "")
    if not settings.UCJ_BEHIND_PROXY or peer is None:
        return str(peer) if peer is not None else None
    networks = trusted_networks()
    if not _is_trusted(peer, networks):
        return str(peer)  # not through our proxy: its headers are its own
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([e for e in forwarded.split(",") if e.strip()]):
        address = _parse(entry)
        if address is None:  # garbage where our proxy should have written an address
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
