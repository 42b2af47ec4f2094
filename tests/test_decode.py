import pytest

from newsprobe.errors import InputError
from newsprobe.ingest.decode import decode_bytes

LIMIT = 1_000_000


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match=r"\[E001\]"):
        decode_bytes(data, LIMIT)


def test_binary_input_is_refused() -> None:
    with pytest.raises(InputError, match=r"\[E002\]"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, LIMIT)


def test_oversized_input_is_refused() -> None:
    with pytest.raises(InputError, match=r"\[E003\]"):
        decode_bytes(b"word " * 100, 50)


def test_legacy_encoding_is_decoded_and_reported() -> None:
    text = "Le ministre a déclaré jeudi que la réforme était «nécessaire» pour l'économie française."
    decoded = decode_bytes(text.encode("cp1252"), LIMIT)
    assert "déclaré" in decoded.text
    assert [notice.code for notice in decoded.notices] == ["W001"]


def test_broken_utf8_never_fails() -> None:
    decoded = decode_bytes("The mayor said “yes”.".encode() + b"\xff\xfe\xfa" + b" And more text follows.", LIMIT)
    assert decoded.text.startswith("The mayor said")
    assert [notice.code for notice in decoded.notices] == ["W001"]


def test_utf8_with_bom_is_clean() -> None:
    decoded = decode_bytes("\ufeffClean text.".encode(), LIMIT)
    assert decoded.text == "Clean text."
    assert decoded.notices == ()


def test_utf16_is_text_not_binary() -> None:
    decoded = decode_bytes("A short note in UTF-16.".encode("utf-16"), LIMIT)
    assert decoded.text == "A short note in UTF-16."
