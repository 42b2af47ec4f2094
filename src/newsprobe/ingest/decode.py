"""Bytes -> str, with the checks every reader shares: size, emptiness, binary content, encoding."""

from __future__ import annotations

import codecs
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


def decode_bytes(data: bytes, limit: int, declared: str | None = None) -> DecodedText:
    """Decode one input; raise ``InputError`` for empty, binary or oversized input.

    Order: a byte-order mark; then UTF-8, which legacy text almost never passes by chance (so it
    beats a wrong declaration, a common server misconfiguration); then the encoding the server or page
    declares (``declared``); then UTF-8 with replacement characters when the bytes are mostly UTF-8;
    then charset-normalizer's guess.
    """
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
        if _known(declared):
            text, notices = _decode_declared(data, declared)
        elif _is_utf8(declared) or _mostly_utf8(data):
            text, notices = _utf8_replacing(data)
        else:
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


def _is_utf8(encoding: str | None) -> bool:
    try:
        return bool(encoding) and codecs.lookup(encoding or "").name in {"utf-8", "utf-8-sig"}
    except LookupError:
        return False


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes (a pasted Latin-1 character in a UTF-8 page) rather than legacy text.

    Legacy single-byte text almost never forms valid multi-byte UTF-8 sequences, so if the valid
    non-ASCII characters outnumber the invalid bytes, the page is UTF-8 with damage. Guessing a legacy
    codec for it instead would garble every correct character (seen on 3 pages of trafilatura's benchmark).
    """
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    valid = sum(1 for character in text if ord(character) > 127) - replaced
    return valid > replaced


def _utf8_replacing(data: bytes) -> tuple[str, tuple[Notice, ...]]:
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    notice = Warnings.W001.notice(encoding="UTF-8", replaced=f" with {replaced} replacement character(s)")
    return text, (notice,)


def _known(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name not in {"utf-8", "utf-8-sig"}
    except LookupError:
        return False


def _decode_declared(data: bytes, declared: str | None) -> tuple[str, tuple[Notice, ...]]:
    encoding = codecs.lookup(declared or "").name
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd")
    detail = f" with {replaced} replacement character(s)" if replaced else ""
    return text, (Warnings.W001.notice(encoding=f"{encoding} as declared", replaced=detail),)


def _decode_non_utf8(data: bytes) -> tuple[str, tuple[Notice, ...]]:
    best = from_bytes(data).best()
    # charset-normalizer guesses the legacy encoding (cp1252, latin-1 ...); when it cannot, fall
    # back to UTF-8 with U+FFFD replacement so that no article is lost for a few bad bytes.
    if best is not None and best.encoding not in {"utf_8", "utf-8"}:
        notice = Warnings.W001.notice(encoding=best.encoding, replaced="")
        return str(best), (notice,)
    return _utf8_replacing(data)
