"""Download a candidate's CV and turn it into plain text (PDF, DOCX or text).

The resume URL comes from the platform and is usually a presigned link: its query
string is a credential, so only scheme, host and path ever reach logs and error
messages, and the CV text itself is never logged. Downloads go through the
worker's shared session *without* the platform API key, stream with a byte limit,
and extraction runs in a thread because large PDFs take seconds of CPU.
"""

from __future__ import annotations

import asyncio
import io
import zipfile
from dataclasses import dataclass, field
from typing import Literal, Protocol

import aiohttp
import docx
import structlog
from docx.table import Table
from pypdf import PdfReader
from yarl import URL

from service.errors import (
    CVFetchError,
    CVParseError,
    CVTooLarge,
    CVURLRejected,
    UnsupportedCVType,
)

log = structlog.get_logger(__name__)

CVKind = Literal["pdf", "docx", "text"]

_CHUNK = 64 * 1024
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTENT_TYPES: dict[str, CVKind] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    _DOCX_TYPE: "docx",
    "text/plain": "text",
    "text/markdown": "text",
}
_EXTENSIONS: dict[str, CVKind] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".md": "text",
}
_UNSUPPORTED_TYPES = {
    "application/msword": "a legacy Word .doc file; ask for PDF or DOCX",
    "text/html": "an HTML page, not a file (an expired or login-protected link?)",
    "application/rtf": "an RTF file; ask for PDF or DOCX",
    "text/rtf": "an RTF file; ask for PDF or DOCX",
}


@dataclass(frozen=True)
class CVText:
    """Extracted CV text; ``repr`` leaves the text out so it cannot end up in logs."""

    text: str = field(repr=False)
    kind: CVKind
    size_bytes: int


class CVSource(Protocol):
    async def load(self, url: str) -> CVText: ...


class CVLoader:
    def __init__(
        self,
        *,
        session: aiohttp.ClientSession,
        max_bytes: int = 10 * 1024 * 1024,
        timeout: float = 20.0,
        max_pdf_pages: int = 50,
    ) -> None:
        self._session = session
        self._max_bytes = max_bytes
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._timeout_s = timeout
        self._max_pdf_pages = max_pdf_pages

    async def load(self, url: str) -> CVText:
        """Fetch ``url`` and extract its text; every failure is a ``CVError``."""
        parsed = _check_url(url)
        where = _safe(parsed)
        data, content_type, charset = await self._download(parsed, where)
        kind = detect_kind(data, content_type=content_type, path=parsed.path)
        text = await asyncio.to_thread(_extract, data, kind, charset, self._max_pdf_pages)
        if not text.strip():
            hint = (
                "a scanned PDF without a text layer? OCR it or ask for a text PDF/DOCX"
                if kind == "pdf"
                else "the file is empty"
            )
            raise CVParseError(f"no text could be read from the {kind} CV at {where}: {hint}")
        log.info("cv_loaded", kind=kind, size_bytes=len(data), chars=len(text), host=parsed.host)
        return CVText(text=text, kind=kind, size_bytes=len(data))

    async def _download(self, url: URL, where: str) -> tuple[bytes, str | None, str | None]:
        """Body, Content-Type and charset; stops reading past ``max_bytes``."""
        try:
            async with self._session.get(url, timeout=self._timeout) as resp:
                if resp.status >= 400:
                    retryable = resp.status >= 500 or resp.status in (408, 429)
                    hint = (
                        "the server failed; try again later"
                        if retryable
                        else "the link may have expired or the file was removed; ask the "
                        "platform for a fresh resumeUrl"
                    )
                    raise CVFetchError(
                        f"downloading the CV from {where} answered HTTP {resp.status}: {hint}",
                        status=resp.status,
                        retryable=retryable,
                    )
                declared = resp.content_length
                if declared is not None and declared > self._max_bytes:
                    raise self._too_large(where, declared)
                buf = bytearray()
                async for chunk in resp.content.iter_chunked(_CHUNK):
                    buf += chunk
                    if len(buf) > self._max_bytes:
                        raise self._too_large(where, None)
                return bytes(buf), resp.content_type, resp.charset
        except TimeoutError:
            raise CVFetchError(
                f"downloading the CV from {where} took longer than {self._timeout_s:g}s; "
                "the host is slow or unreachable, try again later",
                retryable=True,
            ) from None
        except aiohttp.ClientError as exc:
            # from None: aiohttp errors can carry the full (signed) URL.
            raise CVFetchError(
                f"downloading the CV from {where} failed ({type(exc).__name__}); check the "
                "host is reachable from the worker",
                retryable=True,
            ) from None

    def _too_large(self, where: str, size: int | None) -> CVTooLarge:
        got = f"{size} bytes" if size is not None else "more than that"
        return CVTooLarge(
            f"the CV at {where} is larger than the {self._max_bytes}-byte limit ({got}); "
            "ask for a smaller file or raise the limit",
            limit=self._max_bytes,
        )


def _check_url(url: str) -> URL:
    try:
        parsed = URL(url)
    except (TypeError, ValueError):
        raise CVURLRejected("the resume URL is not a valid URL; check the application") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise CVURLRejected(
            f"refusing to fetch a CV from a {parsed.scheme or 'relative'} URL: only "
            "http(s) links are downloaded; fix the application's resumeUrl"
        )
    return parsed


def _safe(url: URL) -> str:
    """scheme://host/path: the query string of a presigned URL is a credential."""
    return str(url.with_query(None).with_fragment(None).with_user(None))


def detect_kind(data: bytes, *, content_type: str | None, path: str = "") -> CVKind:
    """Magic bytes first (most reliable), then Content-Type, then the file extension."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise UnsupportedCVType("the CV is a ZIP archive but not a DOCX; ask for PDF or DOCX")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedCVType("the CV is a legacy Word .doc file; ask for PDF or DOCX")
    if head.startswith(b"{\\rtf"):
        raise UnsupportedCVType("the CV is an RTF file; ask for PDF or DOCX")
    ctype = (content_type or "").lower()
    if ctype in _CONTENT_TYPES:
        return _CONTENT_TYPES[ctype]
    if ctype in _UNSUPPORTED_TYPES:
        raise UnsupportedCVType(f"the CV is {_UNSUPPORTED_TYPES[ctype]}")
    if ctype.startswith("image/"):
        raise UnsupportedCVType(f"the CV is an image ({ctype}); text extraction needs PDF/DOCX")
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    if b"\x00" not in data[:8192]:
        return "text"
    raise UnsupportedCVType(
        f"cannot tell what kind of file the CV is (Content-Type {ctype or 'missing'}); "
        "supported: PDF, DOCX, plain text"
    )


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _extract(data: bytes, kind: CVKind, charset: str | None, max_pdf_pages: int) -> str:
    if kind == "pdf":
        return _pdf_text(data, max_pdf_pages)
    if kind == "docx":
        return _docx_text(data)
    return decode_text(data, charset)


def _pdf_text(data: bytes, max_pages: int) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CVParseError("the PDF CV is password-protected; ask for an unprotected file")
        pages = reader.pages
        if len(pages) > max_pages:
            log.warning("cv_pdf_truncated", pages=len(pages), read=max_pages)
        return "\n".join((page.extract_text() or "") for page in list(pages)[:max_pages])
    except CVParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise CVParseError(
            f"the PDF CV could not be read ({type(exc).__name__}); the file is damaged "
            "or not really a PDF, ask for a new copy"
        ) from exc


def _docx_text(data: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for section in document.sections:  # contact details often sit in the header
            if not section.header.is_linked_to_previous:
                lines.extend(p.text for p in section.header.paragraphs)
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
        return "\n".join(line for line in lines if line.strip())
    except Exception as exc:
        raise CVParseError(
            f"the DOCX CV could not be read ({type(exc).__name__}); the file is damaged, "
            "ask for a new copy"
        ) from exc


def _table_lines(table: Table) -> list[str]:
    """One line per row, cells joined by " | "; merged cells appear once."""
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats in row.cells
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
            for nested in cell.tables:
                lines.extend(_table_lines(nested))
        if cells:
            lines.append(" | ".join(cells))
    return lines


def decode_text(data: bytes, charset: str | None = None) -> str:
    """UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in (charset, "utf-8-sig", "cp1252"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")
