"""Bytes -> str, with the checks every reader shares: size, emptiness, binary content, encoding."""

from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes

from newsprobe.errors import Errors, InputError, Warnings
from newsprobe.models import Notice

# Share of control characters (other than whitespace) above which input is called binary; text in
# any encoding has almost none, while images, archives and executables have many in the first KB.
_BINARY_CONTROL_SHARE = 0.10
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class DecodedText:
    text: str
    notices: tuple[Notice, ...] = ()


def check_size(size: int, limit: int) -> None:
    if size > limit:
        raise InputError(Errors.E003, size=size, limit=limit)


def decode_bytes(data: bytes, limit: int) -> DecodedText:
    """Decode one input; raise ``InputError`` for empty, binary or oversized input."""
    check_size(len(data), limit)
    if not data.strip():
        raise InputError(Errors.E001)
    _refuse_binary(data[:_SNIFF_BYTES])
    for bom_encoding, bom in (("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff")):
        if data.startswith(bom):
            return DecodedText(data.decode(bom_encoding, errors="replace"))
    try:
        text = data.decode("utf-8-sig")
        notices: tuple[Notice, ...] = ()
    except UnicodeDecodeError:
        text, notices = _decode_non_utf8(data)
    if not text.strip():
        raise InputError(Errors.E001)
    return DecodedText(text, notices)


def _refuse_binary(head: bytes) -> None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text is full of NUL bytes but is text
    if b"\x00" in head:
        raise InputError(Errors.E002, detail="it contains NUL bytes")
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    if head and controls / len(head) > _BINARY_CONTROL_SHARE:
        raise InputError(Errors.E002, detail=f"{controls} control bytes in the first {len(head)}")


def _decode_non_utf8(data: bytes) -> tuple[str, tuple[Notice, ...]]:
    best = from_bytes(data).best()
    # charset-normalizer guesses the legacy encoding (cp1252, latin-1 ...); when it cannot, fall
    # back to UTF-8 with U+FFFD replacement so that no article is lost for a few bad bytes.
    if best is not None and best.encoding not in {"utf_8", "utf-8"}:
        notice = Warnings.W001.notice(encoding=best.encoding, replaced="")
        return str(best), (notice,)
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    notice = Warnings.W001.notice(encoding="UTF-8", replaced=f" with {replaced} replacement character(s)")
    return text, (notice,)
