"""Text at the boundary: Unicode NFC everywhere, one folding function for every search (DESIGN rule 3)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not a d with a combining mark: NFD leaves them alone.
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """Normalize input text to NFC and trim it; collapses runs of white space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _fold_slowly(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.translate(_D_TABLE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


# Every precomposed Latin letter (Vietnamese among them) to what folding makes of it: one
# str.translate instead of decomposing every character (the search index folds whole catalogs).
_FOLD_TABLE = str.maketrans(
    {
        chr(code): _fold_slowly(chr(code))
        for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00))
        for code in block
        if _fold_slowly(chr(code)) != chr(code)
    }
)


def fold(value: str) -> str:
    """Lower-case, strip diacritics, map đ to d: "Thủ tục Đất đai" -> "thu tuc dat dai"."""
    folded = value.translate(_FOLD_TABLE).lower()
    if not folded.isascii():  # other scripts, combining marks typed apart: the long way
        folded = _fold_slowly(value)
    return _SPACES.sub(" ", folded).strip()


def phone_digits(value: str) -> str:
    """One spelling of a Vietnamese phone number, digits only: "+84 91…" and "091…" are one line."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def dong(amount: int) -> str:
    """An amount of đồng with the Vietnamese thousands separator: 15000 -> "15.000"."""
    return f"{amount:,}".replace(",", ".")
