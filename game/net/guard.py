"""Who may open a game on a server of this computer: small checks that any
server here makes on each request (`fanzha serve`; the warm games and the
live class reuse them). Plain functions over header values and addresses,
with no server of their own, so each can be tested alone.

- The Host a request names must be this computer: localhost, a loopback
  address, the address the connection arrived at, or one of this computer's
  own names and addresses. A page on another website that re-points its own
  name at 127.0.0.1 (DNS rebinding) names itself, and is refused.
- A websocket is opened only from the game's own page: its Origin must be
  the page's own origin, the scheme and the Host it was fetched from. A page
  on any other website the teacher visits sends its own Origin, and is
  refused; so is a request with no Origin at all (every browser sends one).
- Another computer may hold only so many games at once; this computer's own
  browser, where a class's tabs may all be open, is guarded by the Origin.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import Counter
from functools import lru_cache

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})
DEFAULT_PER_HOST = 10


def split_host(value: str) -> tuple[str, int | None]:
    """`[::1]:8000` → ("::1", 8000); `example.com` → ("example.com", None).
    Lower case, no trailing dot; ("", None) for what is not a host at all."""
    value = value.strip().lower()
    port: int | None = None
    if value.startswith("["):
        host, sep, rest = value[1:].partition("]")
        if not sep or (rest and not rest.startswith(":")):
            return "", None
        digits = rest[1:]
    elif value.count(":") == 1:
        host, _, digits = value.partition(":")
    else:
        host, digits = value, ""
    if digits:
        if not digits.isdigit() or not 0 < int(digits) < 65536:
            return "", None
        port = int(digits)
    return host.rstrip("."), port


def _ip(text: str):
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)  # ::ffff:192.168.1.20 on a dual-stack socket
    return mapped or ip


def is_loopback(host: str) -> bool:
    """True for names and addresses only this computer can reach."""
    host = split_host(host)[0] if host.startswith("[") else host.lower()
    if host in LOCAL_NAMES:
        return True
    ip = _ip(host)
    return ip is not None and ip.is_loopback


@lru_cache(maxsize=1)
def own_names() -> frozenset[str]:
    """This computer's names and the addresses they resolve to (best effort:
    a machine without a resolvable name still has localhost and the address
    each connection arrives at)."""
    names: set[str] = set(LOCAL_NAMES)
    try:
        hostname = socket.gethostname()
        names |= {hostname.lower(), socket.getfqdn(hostname).lower()}
        for info in socket.getaddrinfo(hostname, None):
            names.add(str(_ip(info[4][0])))
    except (OSError, UnicodeError):
        pass
    return frozenset(n.rstrip(".") for n in names if n)


def host_allowed(host_header: str, arrived_at: str | None, listening: str = "") -> bool:
    """Does the Host header name this computer? `arrived_at`: the address the
    connection came in on (the socket's own); `listening`: the address the
    server was asked to listen on."""
    host, _ = split_host(host_header or "")
    if not host:
        return False
    if host in LOCAL_NAMES or host in own_names():
        return True
    ip = _ip(host)
    if ip is None:
        return False  # a name that is not this computer's: DNS rebinding, or a proxy we do not know
    if ip.is_loopback:
        return True
    return any(ip == _ip(ours) for ours in (arrived_at or "", listening) if ours)


def origin_allowed(origin: str | None, host_header: str, secure: bool = False) -> bool:
    """Is the Origin the page's own: the scheme and the Host the page came from?"""
    if not origin:
        return False
    scheme = "https" if secure else "http"
    host, port = split_host(host_header or "")
    if not host:
        return False
    want = _origin(scheme, host, port)
    got_scheme, sep, got_host = origin.strip().lower().partition("://")
    if not sep or "/" in got_host:
        return False
    return _origin(got_scheme, *split_host(got_host)) == want


def _origin(scheme: str, host: str, port: int | None) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, host, None if port == default else port


class PerHost:
    """How many games each other computer holds; this computer's own are not
    counted here (the Origin check guards its browser)."""

    def __init__(self, limit: int = DEFAULT_PER_HOST) -> None:
        self.limit = limit
        self.held: Counter[str] = Counter()

    @staticmethod
    def key(remote: str | None) -> str | None:
        """The computer a request came from, or None for this one."""
        ip = _ip(remote or "")
        if ip is None:
            return remote or "?"
        return None if ip.is_loopback else str(ip)

    def take(self, remote: str | None) -> bool:
        """One more game for `remote`, if it may have one."""
        key = self.key(remote)
        if key is None:
            return True
        if self.held[key] >= self.limit:
            return False
        self.held[key] += 1
        return True

    def give_back(self, remote: str | None) -> None:
        key = self.key(remote)
        if key is not None and self.held[key] > 0:
            self.held[key] -= 1
            if not self.held[key]:
                del self.held[key]
