"""A CV URL and a CV file come from strangers: internal addresses, bombs, slow parsers.

Refusals are checked with a stub DNS resolver and literal addresses that are refused
before any connection, so no traffic ever leaves 127.0.0.0/8. The servers that must
NOT be reached count their hits.
"""

from __future__ import annotations

import asyncio
import io
import os
import socket
import zipfile
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import docx
import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestServer

from service.cv import CVLoader
from service.cv_extract import ExtractLimits, extract_text
from service.errors import CVError, CVFetchError, CVTooComplex, CVTooLarge, CVURLRejected
from service.netguard import NetGuard


class StubResolver(AbstractResolver):
    """DNS answers from a table; a name not in it does not exist (like NXDOMAIN)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        if host not in self.table:
            raise OSError(socket.EAI_NONAME, f"{host} does not exist")
        return [
            ResolveResult(
                hostname=host,
                host=ip,
                port=port,
                family=socket.AF_INET6 if ":" in ip else socket.AF_INET,
                proto=0,
                flags=0,
            )
            for ip in self.table[host]
        ]

    async def close(self) -> None:
        return None


@dataclass
class Site:
    url: str
    port: int
    hits: dict[str, int] = field(default_factory=dict)


def make_docx(paragraphs: int = 3, text: str = "Sara Haddad, backend engineer") -> bytes:
    document = docx.Document()
    for _ in range(paragraphs):
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def docx_bomb(expanded_mb: int) -> bytes:
    """A valid DOCX whose document.xml inflates from kilobytes to ``expanded_mb`` MB."""
    base = zipfile.ZipFile(io.BytesIO(make_docx(1)))
    run = b"<w:p><w:r><w:t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</w:t></w:r></w:p>"
    body = run * (expanded_mb * 1024 * 1024 // len(run))
    xml = base.read("word/document.xml").replace(b"<w:body>", b"<w:body>" + body, 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in base.infolist():
            data = xml if item.filename == "word/document.xml" else base.read(item)
            bomb.writestr(item.filename, data, compresslevel=9)
    return out.getvalue()


def shared_stream_pdf(pages: int = 50, ops: int = 20_000) -> bytes:
    """Every page draws one shared, compressed content stream: 9 KB, ~36 s of pypdf CPU."""
    stream = zlib.compress(b"BT /F1 12 Tf " + b"10 10 Td (cv) Tj " * ops + b"ET", 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objs += [page] * pages
    out = io.BytesIO(b"%PDF-1.4\n")
    out.seek(0, io.SEEK_END)
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    )
    return out.getvalue()


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    """A loopback web server: a CV, an /admin page that must never be hit, redirects."""
    hits: dict[str, int] = {}
    app = web.Application()

    @web.middleware
    async def count(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        hits[request.path] = hits.get(request.path, 0) + 1
        return await handler(request)

    app.middlewares.append(count)
    server = TestServer(app, host="127.0.0.1")

    async def cv(_: web.Request) -> web.Response:
        return web.Response(text="Sara Haddad\nPython, PostgreSQL\n")

    async def admin(_: web.Request) -> web.Response:
        return web.Response(text="INTERNAL: db password hunter2")

    async def redirect(request: web.Request) -> web.Response:
        raise web.HTTPFound(request.query["to"])

    async def loop(_: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    async def bomb(_: web.Request) -> web.Response:
        return web.Response(body=docx_bomb(3), content_type="application/octet-stream")

    app.router.add_get("/cv.txt", cv)
    app.router.add_get("/admin", admin)
    app.router.add_get("/redirect", redirect)
    app.router.add_get("/loop", loop)
    app.router.add_get("/bomb.docx", bomb)
    await server.start_server()
    yield Site(url=str(server.make_url("")).rstrip("/"), port=server.port or 0, hits=hits)
    await server.close()


@pytest.fixture
def make_loader(closing: list[CVLoader]):  # type: ignore[no-untyped-def]
    def _make(*allowed: str, dns: dict[str, list[str]] | None = None, **kw: object) -> CVLoader:
        guard = NetGuard(allowed_hosts=allowed, resolver=StubResolver(dns or {}))
        loader = CVLoader(guard=guard, timeout=5, **kw)  # type: ignore[arg-type]
        closing.append(loader)
        return loader

    return _make


# -- SSRF ---------------------------------------------------------------------------


async def test_loopback_admin_page_is_refused_without_a_request(make_loader, site: Site) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CVURLRejected) as caught:
        await make_loader().load(f"http://127.0.0.1:{site.port}/admin")
    assert "loopback" in str(caught.value) and "CV_ALLOWED_HOSTS" in str(caught.value)
    assert site.hits == {}


@pytest.mark.parametrize(
    "host",
    [
        "0.0.0.0",
        "[::1]",
        "[::]",
        "169.254.169.254",  # cloud metadata
        "10.0.0.5",
        "192.168.1.1",
        "172.16.0.1",
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",
        "[ff02::1]",
        "[fe80::1]",
        "[fd00::1]",
        "[::ffff:127.0.0.1]",  # IPv4-mapped
        "[::ffff:169.254.169.254]",
        "[::127.0.0.1]",  # IPv4-compatible
        "[64:ff9b::a9fe:a9fe]",  # NAT64 of 169.254.169.254
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
        "2130706433",  # 127.0.0.1 as one decimal number
        "0177.0.0.1",  # octal
        "0x7f.1",  # hex, short form
        "127.1",
    ],
)
async def test_internal_address_literals_are_refused(make_loader, host: str) -> None:  # type: ignore[no-untyped-def]
    loader = make_loader()
    with pytest.raises(CVURLRejected):
        await loader.load(f"http://{host}:1/cv.pdf")


@pytest.mark.parametrize(
    ("name", "answers"),
    [
        ("localhost", ["127.0.0.1", "::1"]),
        ("metadata.google.internal", ["169.254.169.254"]),
        ("intranet.example", ["10.1.2.3"]),
        ("mixed.example", ["93.184.216.34", "127.0.0.1"]),  # one bad answer is enough
        ("v6only.example", ["fd12:3456::1"]),
    ],
)
async def test_names_resolving_inside_are_refused_at_connect(  # type: ignore[no-untyped-def]
    make_loader, name: str, answers: list[str]
) -> None:
    loader = make_loader(dns={name: answers})
    with pytest.raises(CVURLRejected) as caught:
        await loader.load(f"http://{name}/cv.pdf?X-Amz-Signature=s3cr3t")
    assert name in str(caught.value) and "s3cr3t" not in str(caught.value)


class RebindingResolver(StubResolver):
    """Answers each lookup of a name with the next address of a list (DNS rebinding)."""

    def __init__(self, name: str, answers: list[str]) -> None:
        super().__init__({})
        self._name, self._answers = name, iter(answers)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host == self._name:
            self.table[host] = [next(self._answers)]
        return await super().resolve(host, port, family)


async def test_the_connection_goes_to_the_address_that_was_checked(
    closing: list[CVLoader], site: Site
) -> None:
    """A name that answers an allowed address to the check and an internal one a moment
    later is fetched from the checked address: check and connect share one lookup."""

    async def internal_page(_: web.Request) -> web.Response:
        return web.Response(text="INTERNAL secrets")

    inside = web.Application()
    inside.router.add_get("/cv.txt", internal_page)
    internal = TestServer(inside, host="127.0.0.2", port=site.port)
    await internal.start_server()
    resolver = RebindingResolver("rebind.example", ["127.0.0.1", "127.0.0.2", "127.0.0.2"])
    loader = CVLoader(guard=NetGuard(allowed_hosts=["127.0.0.1/32"], resolver=resolver))
    closing.append(loader)
    try:
        cv = await loader.load(f"http://rebind.example:{site.port}/cv.txt")
    finally:
        await internal.close()
    assert "Sara Haddad" in cv.text and resolver.asked == ["rebind.example"]


async def test_userinfo_urls_are_refused(make_loader, site: Site) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CVURLRejected) as caught:
        await make_loader("127.0.0.1").load(f"http://user:pw@127.0.0.1:{site.port}/cv.txt")
    assert "user" in str(caught.value) and "pw" not in str(caught.value).split("@")[0][-3:]
    assert site.hits == {}


async def test_allowed_host_loads_and_its_redirects_are_followed(make_loader, site: Site) -> None:  # type: ignore[no-untyped-def]
    loader = make_loader("cv.example", dns={"cv.example": ["127.0.0.1"]})
    to = f"http://cv.example:{site.port}/cv.txt"
    cv = await loader.load(f"http://cv.example:{site.port}/redirect?to={to}")
    assert "Sara Haddad" in cv.text


@pytest.mark.parametrize(
    "target", ["http://127.0.0.1:{port}/admin", "http://metadata.internal/latest/meta-data"]
)
async def test_redirect_from_an_allowed_host_to_an_internal_one_is_refused(  # type: ignore[no-untyped-def]
    make_loader, site: Site, target: str
) -> None:
    dns = {"cv.example": ["127.0.0.1"], "metadata.internal": ["169.254.169.254"]}
    loader = make_loader("cv.example", dns=dns)
    to = target.format(port=site.port)
    with pytest.raises(CVURLRejected):
        await loader.load(f"http://cv.example:{site.port}/redirect?to={to}")
    assert site.hits == {"/redirect": 1}  # /admin never reached


async def test_redirect_hops_are_capped(make_loader, site: Site) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CVFetchError) as caught:
        await make_loader("127.0.0.1", max_redirects=3).load(f"{site.url}/loop")
    assert "redirected more than 3 times" in str(caught.value)
    assert site.hits["/loop"] == 4


# -- bombs --------------------------------------------------------------------------


async def test_docx_bomb_is_refused_before_parsing(make_loader, site: Site) -> None:  # type: ignore[no-untyped-def]
    bomb = docx_bomb(3)
    assert len(bomb) < 64 * 1024  # small on the wire...
    limits = ExtractLimits(max_expanded_bytes=2 * 1024 * 1024)  # ...too big unpacked
    with pytest.raises(CVTooLarge) as caught:
        await make_loader("127.0.0.1", limits=limits).load(f"{site.url}/bomb.docx")
    assert "expands to" in str(caught.value) and isinstance(caught.value, CVError)


async def test_docx_under_the_cap_still_reads() -> None:
    limits = ExtractLimits(max_expanded_bytes=2 * 1024 * 1024)
    extracted = await extract_text(make_docx(20), "docx", None, limits)
    assert extracted.text.count("Sara Haddad") == 20 and not extracted.truncated


def _children() -> set[int]:
    """Live child processes of this test process."""
    me = str(os.getpid())
    found = set()
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[1] == me and fields[0] != "Z":
                found.add(int(pid))
    return found


async def test_pdf_that_burns_cpu_is_stopped_and_its_process_killed() -> None:
    pdf = shared_stream_pdf()
    assert len(pdf) < 16 * 1024
    before = _children()
    with pytest.raises(CVTooComplex) as caught:
        await extract_text(pdf, "pdf", None, ExtractLimits(cpu_seconds=1.0))
    assert "job-only plan" in str(caught.value)
    assert _children() - before == set()


async def test_cancelled_extraction_kills_its_process() -> None:
    """The plan deadline cancels the CV work: the child must not keep burning CPU."""
    before = _children()
    limits = ExtractLimits(cpu_seconds=30, max_chars=10**8)  # runs ~36 s unless killed
    task = asyncio.create_task(extract_text(shared_stream_pdf(), "pdf", None, limits))
    for _ in range(100):  # until the child exists
        await asyncio.sleep(0.05)
        if _children() - before:
            break
    assert _children() - before
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(100):  # SIGKILL was sent; the kernel takes a moment to act on it
        if not _children() - before:
            break
        await asyncio.sleep(0.05)
    assert _children() - before == set()


async def test_extracted_text_is_capped() -> None:
    text = ("word " * 50_000).encode()
    extracted = await extract_text(text, "text", None, ExtractLimits(max_chars=1000))
    assert len(extracted.text) == 1000 and extracted.truncated
