"""Which hosts a CV download may reach: no loopback, private, link-local, multicast...

The resume URL is written by whoever filled in the application, so a worker that
fetched it blindly could be pointed at its own admin ports, the cloud metadata service
(169.254.169.254) or the private network, and the internal body would become CV text
and go into LLM prompts (SSRF). ``NetGuard`` refuses those addresses:

* the URL itself: http(s) only, no ``user:password@``, and an IP literal (or a
  numeric trick such as ``2130706433``, ``0177.0.0.1``, ``0x7f.1``) must be public;
* every name is resolved by ``GuardedResolver`` inside aiohttp's connector, which
  checks each address it returns, so the socket connects to exactly the address that
  was checked (a second DNS answer cannot slip in between check and connect);
* the loader re-checks every redirect hop with ``check_url``.

``allowed_hosts`` (``CV_ALLOWED_HOSTS``) lets chosen names, addresses or networks
through, e.g. ``127.0.0.1`` for the local platform of the demo and the tests.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import TypeAlias

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from service.errors import CVURLRejected

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network

# IPv6 prefixes that carry an IPv4 address in their last 32 bits
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class NetGuard:
    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str] = (),
        resolver: AbstractResolver | None = None,
    ) -> None:
        """``resolver`` does the DNS lookups (aiohttp's default when None); tests pass a
        stub so that refusals are checked without any traffic leaving 127.0.0.0/8."""
        self._names: set[str] = set()
        self._networks: list[IPNetwork] = []
        for entry in allowed_hosts:
            entry = entry.strip().lower().rstrip(".")
            if not entry:
                continue
            try:
                self._networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                self._names.add(entry)
        self._resolver = resolver

    def name_allowed(self, host: str) -> bool:
        return host.lower().rstrip(".") in self._names

    def check_url(self, url: URL, where: str) -> None:
        """Refuse what can be judged from the URL alone (``where`` is its safe form)."""
        if url.scheme not in ("http", "https") or not url.host:
            raise CVURLRejected(
                f"refusing to fetch a CV from a {url.scheme or 'relative'} URL: only "
                "http(s) links are downloaded; fix the application's resumeUrl"
            )
        if url.user is not None or url.password is not None:
            raise CVURLRejected(
                f"refusing the CV URL {where}: it carries a user name or password "
                "(user:password@host); use a presigned link instead"
            )
        host = url.host
        if self.name_allowed(host):
            return
        address = _literal_address(host)
        if address is not None:
            self.check_address(host, address)

    def check_address(self, host: str, address: IPAddress) -> None:
        """Refuse ``address`` (what ``host`` resolved to) unless it is public or allowed."""
        if any(address in net for net in self._networks):
            return
        why = _why_internal(address)
        if why is not None:
            raise CVURLRejected(
                f"refusing to fetch a CV from {host}: it points at {address}, a {why} "
                "address inside the worker's network; ask for a public link (or add the "
                "host to CV_ALLOWED_HOSTS)"
            )

    def session(self) -> aiohttp.ClientSession:
        """A session whose every connection goes to an address this guard checked.

        Its own pool, not the platform's: the platform may legitimately live on a
        private network. No cookies, no proxy from the environment.
        """
        resolver = GuardedResolver(guard=self, base=self._resolver or aiohttp.DefaultResolver())
        connector = aiohttp.TCPConnector(limit=10, resolver=resolver)
        return aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), trust_env=False
        )


class GuardedResolver(AbstractResolver):
    """Resolves with ``base``, then refuses the whole host if any answer is internal."""

    def __init__(self, *, guard: NetGuard, base: AbstractResolver) -> None:
        self._guard = guard
        self._base = base

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._base.resolve(host, port, family)
        if not self._guard.name_allowed(host):
            for answer in answers:
                self._guard.check_address(host, ipaddress.ip_address(answer["host"]))
        return answers

    async def close(self) -> None:
        await self._base.close()


def _literal_address(host: str) -> IPAddress | None:
    """The address an IP-literal host means, including legacy numeric spellings."""
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        pass
    try:  # 2130706433, 0177.0.0.1, 0x7f.1, 127.1: what inet_aton (and so libc) accepts
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def _why_internal(address: IPAddress) -> str | None:
    """None for a public unicast address, else what it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return _why_internal(embedded)
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    if not address.is_global:  # shared address space (100.64/10) and the like
        return "non-global"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address behind a mapped, compatible, 6to4, Teredo or NAT64 IPv6 one."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]  # the client's address
    packed = int(address)
    # ::a.b.c.d (deprecated IPv4-compatible), or NAT64: the address is the last 32 bits
    if (packed >> 32 == 0 and packed > 1) or any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(packed & 0xFFFFFFFF)
    return None
