"""Download a candidate's CV and turn it into plain text (PDF, DOCX or text).

The resume URL comes from the platform and is usually a presigned link: its query
string is a credential, so only scheme, host and path ever reach logs and error
messages, and the CV text itself is never logged. Downloads go through the CV's own
guarded session (``service/netguard.py``: no internal addresses, every redirect hop
re-checked, hops capped) *without* the platform API key, stream with a byte limit,
and extraction runs in a child process with CPU, memory and size limits
(``service/cv_extract.py``).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Protocol

import aiohttp
import structlog
from yarl import URL

from config.settings import CVSettings
from service.cv_extract import CVKind, ExtractLimits, extract_text
from service.errors import (
    CVFetchError,
    CVParseError,
    CVTooLarge,
    CVURLRejected,
    UnsupportedCVType,
)
from service.netguard import NetGuard

log = structlog.get_logger(__name__)

_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CONTENT_TYPES: dict[str, CVKind] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    _DOCX_TYPE: "docx",
    "text/plain": "text",
    "text/markdown": "text",
}
_EXTENSIONS: dict[str, CVKind] = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text"}
_DOC, _RTF = "a legacy Word .doc file; ask for PDF or DOCX", "an RTF file; ask for PDF or DOCX"
_UNSUPPORTED_TYPES = {
    "application/msword": _DOC,
    "text/html": "an HTML page, not a file (an expired or login-protected link?)",
    "application/rtf": _RTF,
    "text/rtf": _RTF,
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
    """Owns its guarded HTTP session (opened on first use, in the running loop)."""

    def __init__(
        self,
        *,
        guard: NetGuard,
        max_bytes: int = 10 * 1024 * 1024,
        timeout: float = 10.0,
        max_redirects: int = 3,
        limits: ExtractLimits | None = None,
    ) -> None:
        self._guard = guard
        self._session: aiohttp.ClientSession | None = None
        self._max_bytes = max_bytes
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_redirects = max_redirects
        self._limits = limits or ExtractLimits()

    async def load(self, url: str) -> CVText:
        """Fetch ``url`` and extract its text; every failure is a ``CVError``."""
        parsed = _parse_url(url)
        data, content_type, charset, final = await self._download(parsed)
        where = _safe(final)
        kind = detect_kind(data, content_type=content_type, path=final.path)
        extracted = await extract_text(data, kind, charset, self._limits)
        text = extracted.text
        if not text.strip():
            hint = (
                "a scanned PDF without a text layer? OCR it or ask for a text PDF/DOCX"
                if kind == "pdf"
                else "the file is empty"
            )
            raise CVParseError(f"no text could be read from the {kind} CV at {where}: {hint}")
        if extracted.truncated:
            log.warning("cv_text_truncated", kind=kind, chars=len(text), host=final.host)
        log.info("cv_loaded", kind=kind, size_bytes=len(data), chars=len(text), host=final.host)
        return CVText(text=text, kind=kind, size_bytes=len(data))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _download(self, url: URL) -> tuple[bytes, str | None, str | None, URL]:
        """Body, Content-Type, charset and the final URL, following checked redirects."""
        if self._session is None:
            self._session = self._guard.session()
        for _hop in range(self._max_redirects + 1):
            where = _safe(url)
            self._guard.check_url(url, where)
            try:
                async with self._session.get(
                    url, timeout=self._timeout, allow_redirects=False
                ) as resp:
                    location = resp.headers.get("Location")
                    if resp.status in _REDIRECTS and location:
                        url = _parse_url(str(url.join(URL(location))))
                        continue
                    data, ctype, charset = await self._read(resp, where)
                    return data, ctype, charset, url
            except TimeoutError:
                raise CVFetchError(
                    f"downloading the CV from {where} took longer than {self._timeout.total:g}s; "
                    "the host is slow or unreachable, try again later",
                    retryable=True,
                ) from None
            except aiohttp.ClientError as exc:
                # from None: aiohttp errors can carry the full (signed) URL.
                raise CVFetchError(
                    f"downloading the CV from {where} failed ({type(exc).__name__}); check "
                    "the host is reachable from the worker",
                    retryable=True,
                ) from None
        raise CVFetchError(
            f"the CV link redirected more than {self._max_redirects} times (last: "
            f"{_safe(url)}); ask the platform for a direct link"
        )

    async def _read(
        self, resp: aiohttp.ClientResponse, where: str
    ) -> tuple[bytes, str | None, str | None]:
        """Stops reading past ``max_bytes``."""
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

    def _too_large(self, where: str, size: int | None) -> CVTooLarge:
        got = f"{size} bytes" if size is not None else "more than that"
        return CVTooLarge(
            f"the CV at {where} is larger than the {self._max_bytes}-byte limit ({got}); "
            "ask for a smaller file or raise the limit"
        )


def cv_loader_from_settings(settings: CVSettings) -> CVLoader:
    limits = ExtractLimits(
        cpu_seconds=settings.extract_cpu_seconds, max_expanded_bytes=settings.max_expanded_bytes
    )
    return CVLoader(
        guard=NetGuard(allowed_hosts=settings.hosts()),
        max_bytes=settings.max_bytes,
        timeout=settings.fetch_timeout,
        max_redirects=settings.max_redirects,
        limits=limits,
    )


def _parse_url(url: str) -> URL:
    try:
        return URL(url)
    except (TypeError, ValueError):
        raise CVURLRejected("the resume URL is not a valid URL; check the application") from None


def _safe(url: URL) -> str:
    """scheme://host/path: the query string of a presigned URL is a credential."""
    bare = url.with_query(None).with_fragment(None)
    return str(bare.with_user(None)) if bare.host else str(bare)


def detect_kind(data: bytes, *, content_type: str | None, path: str = "") -> CVKind:
    """Magic bytes first (most reliable), then Content-Type, then the file extension.

    Ours, not ``filetype``/``puremagic``: tried on the same inputs, puremagic calls any
    ZIP (even an .xlsx) a DOCX, and filetype misses a DOCX whose ``word/`` entry is not
    near the start, a PDF header after leading junk, and a legacy .doc.
    """
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise UnsupportedCVType("the CV is a ZIP archive but not a DOCX; ask for PDF or DOCX")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedCVType(f"the CV is {_DOC}")
    if head.startswith(b"{\\rtf"):
        raise UnsupportedCVType(f"the CV is {_RTF}")
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
