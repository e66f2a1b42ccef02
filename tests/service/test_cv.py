"""CVLoader against a small real HTTP server serving generated PDF/DOCX/text files."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import docx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from fpdf import FPDF

from service.cv import CVLoader, CVText, detect_kind
from service.cv_extract import decode_text
from service.errors import (
    CVFetchError,
    CVParseError,
    CVTooLarge,
    CVURLRejected,
    UnsupportedCVType,
)
from service.netguard import NetGuard

LIMIT = 64 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_pdf(*lines: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for line in lines:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_image_only_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a "scan": marks on the page, no text layer
    return bytes(pdf.output())


def make_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "sara@example.com | +962 7 0000 0000"
    document.add_heading("Sara Haddad", level=1)
    document.add_paragraph("Senior backend engineer, 9 years of Python.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Skill"
    table.cell(0, 1).text = "Years"
    table.cell(1, 0).text = "PostgreSQL"
    table.cell(1, 1).text = "7"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def routes() -> web.RouteTableDef:
    r = web.RouteTableDef()
    files: dict[str, tuple[bytes, str]] = {
        "/cv.pdf": (make_pdf("Sara Haddad", "Python, Kubernetes, PostgreSQL"), "application/pdf"),
        "/cv.docx": (make_docx(), DOCX_TYPE),
        "/cv.txt": (b"Omar Khalil\nLinux, Bash\n", "text/plain"),
        "/download": (make_pdf("Served as octet-stream"), "application/octet-stream"),
        "/corrupt.pdf": (b"%PDF-1.7\nthis is not really a pdf\n%%EOF", "application/pdf"),
        "/fake.pdf": (b"\x00\x01garbage bytes, no header", "application/pdf"),
        "/scan.pdf": (make_image_only_pdf(), "application/pdf"),
        "/old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "application/msword"),
        "/expired": (b"<html><body>Link expired</body></html>", "text/html"),
        "/declared-big.pdf": (b"%PDF-" + b"0" * (LIMIT + 10), "application/pdf"),
        "/empty.txt": (b"   \n", "text/plain"),
    }
    for path, (body, ctype) in files.items():
        r.get(path)(_static(body, ctype))

    @r.get("/streamed-big")
    async def streamed_big(request: web.Request) -> web.StreamResponse:
        # Chunked, no Content-Length: the limit must be enforced while reading.
        resp = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await resp.prepare(request)
        chunk = b"x" * 8192
        try:
            for _ in range(LIMIT // len(chunk) * 4):
                await resp.write(chunk)
        except (ConnectionResetError, aiohttp.ClientConnectionResetError):
            pass
        return resp

    @r.get("/slow.txt")
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    @r.get("/flaky")
    async def flaky(request: web.Request) -> web.Response:
        return web.Response(status=503)

    return r


def _static(body: bytes, ctype: str) -> Any:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type=ctype)

    return handler


@pytest.fixture
async def cv_server() -> AsyncIterator[str]:
    app = web.Application()
    app.add_routes(routes())
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def loader() -> AsyncIterator[CVLoader]:
    loader = CVLoader(guard=NetGuard(allowed_hosts=["127.0.0.1"]), max_bytes=LIMIT, timeout=0.5)
    yield loader
    await loader.aclose()


async def test_pdf(loader: CVLoader, cv_server: str) -> None:
    cv = await loader.load(f"{cv_server}/cv.pdf")

    assert cv.kind == "pdf"
    assert "Sara Haddad" in cv.text and "PostgreSQL" in cv.text
    assert cv.size_bytes > 0
    assert "Sara" not in repr(cv)  # the text never reaches a log line via repr


async def test_docx_includes_tables_and_header(loader: CVLoader, cv_server: str) -> None:
    cv = await loader.load(f"{cv_server}/cv.docx")

    assert cv.kind == "docx"
    assert "Senior backend engineer" in cv.text
    assert "PostgreSQL | 7" in cv.text
    assert "sara@example.com" in cv.text


async def test_plain_text(loader: CVLoader, cv_server: str) -> None:
    cv = await loader.load(f"{cv_server}/cv.txt")

    assert cv == CVText(text="Omar Khalil\nLinux, Bash\n", kind="text", size_bytes=24)


async def test_type_from_magic_bytes_when_content_type_is_generic(
    loader: CVLoader, cv_server: str
) -> None:
    cv = await loader.load(f"{cv_server}/download")

    assert cv.kind == "pdf" and "octet-stream" in cv.text


async def test_too_large_by_content_length(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVTooLarge) as caught:
        await loader.load(f"{cv_server}/declared-big.pdf")
    assert f"{LIMIT}-byte limit" in str(caught.value) and not caught.value.retryable


async def test_too_large_while_streaming(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVTooLarge):
        await loader.load(f"{cv_server}/streamed-big")


async def test_404_is_fetch_error_without_the_signature(loader: CVLoader, cv_server: str) -> None:
    url = f"{cv_server}/gone.pdf?X-Amz-Signature=s3cr3t&X-Amz-Credential=AKIA"

    with pytest.raises(CVFetchError) as caught:
        await loader.load(url)

    assert caught.value.status == 404 and caught.value.retryable is False
    assert "s3cr3t" not in str(caught.value) and "AKIA" not in str(caught.value)
    assert "/gone.pdf" in str(caught.value)


async def test_5xx_is_retryable_fetch_error(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVFetchError) as caught:
        await loader.load(f"{cv_server}/flaky")
    assert caught.value.status == 503 and caught.value.retryable is True


async def test_timeout(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVFetchError) as caught:
        await loader.load(f"{cv_server}/slow.txt")
    assert caught.value.retryable is True and "0.5s" in str(caught.value)


async def test_unreachable_host(loader: CVLoader) -> None:
    with pytest.raises(CVFetchError) as caught:
        await loader.load("http://127.0.0.1:9/cv.pdf?sig=s3cr3t")
    assert caught.value.__cause__ is None and "s3cr3t" not in str(caught.value)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/cv.pdf", "s3://bucket/cv.pdf", "/relative/cv.pdf"],
)
async def test_non_http_schemes_are_rejected(loader: CVLoader, url: str) -> None:
    with pytest.raises(CVURLRejected) as caught:
        await loader.load(url)
    assert isinstance(caught.value, CVFetchError) and not caught.value.retryable


async def test_corrupt_pdf(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVParseError):
        await loader.load(f"{cv_server}/corrupt.pdf")


async def test_bytes_that_only_claim_to_be_pdf(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVParseError):
        await loader.load(f"{cv_server}/fake.pdf")


async def test_pdf_without_text_layer(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVParseError) as caught:
        await loader.load(f"{cv_server}/scan.pdf")
    assert "scanned PDF" in str(caught.value)


async def test_empty_text(loader: CVLoader, cv_server: str) -> None:
    with pytest.raises(CVParseError):
        await loader.load(f"{cv_server}/empty.txt")


@pytest.mark.parametrize(("path", "words"), [("/old.doc", ".doc"), ("/expired", "HTML")])
async def test_unsupported_types(loader: CVLoader, cv_server: str, path: str, words: str) -> None:
    with pytest.raises(UnsupportedCVType) as caught:
        await loader.load(cv_server + path)
    assert words in str(caught.value)


async def test_seeded_resume_from_the_local_platform(
    cv_loader: CVLoader, graphql_platform: Any
) -> None:
    """End to end: the resumeUrl the platform hands out is loadable."""
    app = await graphql_platform.get_application("app-strong-001")
    assert app.resume_url

    cv = await cv_loader.load(app.resume_url)

    assert cv.kind == "pdf" and "Sara" in cv.text


def test_detect_kind_falls_back_to_extension_then_sniffing() -> None:
    assert detect_kind(b"hello", content_type=None, path="/a/cv.txt") == "text"
    assert detect_kind(b"hello", content_type="application/octet-stream") == "text"
    with pytest.raises(UnsupportedCVType):
        detect_kind(b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    with pytest.raises(UnsupportedCVType):
        detect_kind(b"\x00\x01\x02", content_type=None, path="/blob")


def test_decode_text_fallbacks() -> None:
    assert decode_text("مرحبا".encode()) == "مرحبا"
    assert decode_text("\ufeffBOM".encode()) == "BOM"
    assert decode_text("café".encode("cp1252")) == "café"
    assert decode_text("hé".encode("utf-16")) == "hé"
    assert decode_text("مرحبا".encode("cp1256"), "windows-1256") == "مرحبا"
