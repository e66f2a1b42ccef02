"""CV text extraction in a child process with CPU, memory and size limits.

A CV is a file from a stranger: a 283 KB DOCX can expand to hundreds of MB of XML,
and a 4 KB PDF whose pages share one big content stream keeps pypdf busy for tens of
seconds. A thread cannot be stopped, so extraction runs in a short-lived child
(``python -m service.cv_extract``) that gets the file on stdin and answers JSON on
stdout. The kernel holds it to its CPU-time budget (``RLIMIT_CPU``) and memory
(``RLIMIT_AS``); the parent kills it when a wall-clock allowance (twice the CPU
budget and a bit: a busy machine slows honest files too) is spent or when the caller
is cancelled (the plan deadline). Starting the child costs ~0.25 s of interpreter and
import time, spent while the greeting plays. Before parsing a DOCX, the sizes its
ZIP directory declares are summed against a cap (zipfile never inflates an entry
beyond its declared size, so the sum bounds what the parser can read).

The CV text only travels through the pipe; it is never logged.
"""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from typing import Any, Literal

from service.errors import CVParseError, CVTooComplex, CVTooLarge

CVKind = Literal["pdf", "docx", "text"]


@dataclass(frozen=True)
class ExtractLimits:
    cpu_seconds: float = 5.0  # CPU time the child may use (kernel-enforced)
    memory_bytes: int = 1024 * 1024 * 1024  # the child's address space
    max_pdf_pages: int = 50
    max_expanded_bytes: int = 20 * 1024 * 1024  # a DOCX's entries, uncompressed, summed

    @property
    def wall_seconds(self) -> float:
        return 2 * self.cpu_seconds + 2

    max_chars: int = 200_000  # text handed on to the analysis; the rest is cut


@dataclass(frozen=True)
class Extracted:
    text: str
    truncated: bool  # more than max_chars, or more than max_pdf_pages pages


async def extract_text(
    data: bytes, kind: CVKind, charset: str | None, limits: ExtractLimits
) -> Extracted:
    """Text of ``data``; ``CVTooComplex`` past the CPU, memory or wall-clock budget."""
    if kind == "text":  # decoding is linear and cheap: no child needed
        return Extracted(*_cut(decode_text(data, charset), limits.max_chars))
    args = [kind, json.dumps(asdict(limits))]
    # Popen plus a thread rather than asyncio's subprocess: the kill below is then
    # synchronous, and nothing is left bound to an event loop that may close first.
    # Spawning itself takes milliseconds; in a thread, a cancellation could lose the handle.
    proc = subprocess.Popen(  # noqa: ASYNC220
        [sys.executable, "-m", "service.cv_extract", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # a traceback could quote the document
    )
    try:
        out, _ = await asyncio.to_thread(proc.communicate, data, limits.wall_seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        await asyncio.to_thread(proc.communicate)  # reap it
        raise _too_complex(kind, f"took more than {limits.wall_seconds:g}s") from None
    finally:
        if proc.poll() is None:  # the caller was cancelled (the plan deadline)
            proc.kill()  # the thread's communicate() then sees EOF, reaps it and ends
    if proc.returncode != 0 or not out:
        raise _too_complex(
            kind,
            f"exceeded its budget of {limits.cpu_seconds:g} CPU seconds or "
            f"{limits.memory_bytes >> 20} MB (exit {proc.returncode})",
        )
    answer = json.loads(out)
    if "error" in answer:
        if answer["error"] == "too_large":
            raise CVTooLarge(answer["message"])
        raise CVParseError(answer["message"])
    return Extracted(answer["text"], answer["truncated"])


def _too_complex(kind: str, what: str) -> CVTooComplex:
    return CVTooComplex(
        f"reading the {kind.upper()} CV {what}: the file is built to be expensive to "
        "parse (or is damaged); the interview goes on with a job-only plan"
    )


# -- inside the child -----------------------------------------------------------------


def check_expanded_size(data: bytes, limit: int) -> None:
    """Refuse a ZIP whose entries declare more than ``limit`` bytes in total."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise CVParseError("the DOCX CV is not a valid ZIP file; ask for a new copy") from exc
    if expanded > limit:
        raise CVTooLarge(
            f"the DOCX CV expands to {expanded} bytes, more than the {limit}-byte limit "
            "(a compression bomb, or a document full of media); ask for a PDF"
        )


def _cut(text: str, max_chars: int) -> tuple[str, bool]:
    return text[:max_chars], len(text) > max_chars


def _pdf_text(data: bytes, max_pages: int, max_chars: int) -> tuple[str, bool]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CVParseError("the PDF CV is password-protected; ask for an unprotected file")
        pages = reader.pages
        truncated = len(pages) > max_pages
        parts: list[str] = []
        size = 0
        for page in list(pages)[:max_pages]:
            part = page.extract_text() or ""
            parts.append(part)
            size += len(part) + 1
            if size > max_chars:
                break
        text, cut = _cut("\n".join(parts), max_chars)
        return text, truncated or cut
    except CVParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise CVParseError(
            f"the PDF CV could not be read ({type(exc).__name__}); the file is damaged "
            "or not really a PDF, ask for a new copy"
        ) from exc


def _docx_text(data: bytes) -> str:
    import docx
    from docx.table import Table

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


def _table_lines(table: Any) -> list[str]:
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
    for encoding in filter(None, (charset, "utf-8-sig", "cp1252")):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def _limit_resources(cpu_seconds: float, memory_bytes: int) -> None:
    """The kernel stops the child even if the parent is gone (SIGXCPU, MemoryError)."""
    import resource

    cpu = max(1, round(cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _main(argv: list[str]) -> int:
    kind, limits_json = argv  # pdf or docx: text is decoded in the parent
    limits = ExtractLimits(**json.loads(limits_json))
    _limit_resources(limits.cpu_seconds, limits.memory_bytes)
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            text, truncated = _pdf_text(data, limits.max_pdf_pages, limits.max_chars)
        else:
            check_expanded_size(data, limits.max_expanded_bytes)
            text, truncated = _cut(_docx_text(data), limits.max_chars)
        answer: dict[str, Any] = {"text": text, "truncated": truncated}
    except CVTooLarge as exc:
        answer = {"error": "too_large", "message": str(exc)}
    except CVParseError as exc:
        answer = {"error": "parse", "message": str(exc)}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
