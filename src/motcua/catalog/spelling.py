"""How people type a search: the folded words of the catalog and of a query, made comparable.

Folding (``core.text.fold``) already forgives missing, wrong or doubled tone marks. What is left:

* **Telex and VNI leftovers** — a word typed for a Vietnamese keyboard that did not convert it:
  "caaps" (cấp), "laij" (lại), "ddor" (đỏ), "truwowngf" (trường); "ca61p", "la5i". Folded
  Vietnamese words never end in s, f, r, x or j, never hold a "w", "dd", "aa", "ee" or "oo", and
  never mix letters and digits, so such a word is read back as the word it meant (``untyped``).
* **i and y** — "kí"/"ký", "lí"/"lý", "qui"/"quy" are one syllable spelled two ways: one of
  them stands for both (``canonical``), in the catalog's words and the query's alike.
"""

from __future__ import annotations

import functools
import re

from motcua.core.text import fold

_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)+(?:\.h[0-9]{2})?|[a-z0-9]+")
_VOWELS = set("aeiouy")
_TONE_KEYS = set("sfrxj")
_TELEX_MARKS = (("uow", "uo"), ("uw", "u"), ("ow", "o"), ("aw", "a"), ("w", "u"))
_DOUBLED = re.compile(r"(dd|aa|ee|oo)")
_VNI = re.compile(r"^(?=.*[a-z])(?=.*[1-9])[a-z1-9]+$")
# One spelling for the syllables written with i or y alike.
_I_Y = {"ki": "ky", "li": "ly", "mi": "my", "si": "sy", "ti": "ty", "hi": "hy", "qui": "quy"}


def canonical(word: str) -> str:
    return _I_Y.get(word, word)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (a procedure code stays one word: "1.012781")."""
    return folded_words(fold(text))


def folded_words(folded: str) -> list[str]:
    """``words`` of a text already folded."""
    return [_I_Y.get(word, word) for word in _WORD.findall(folded)]


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """One word folded (kept: the catalog writes the same words over and over)."""
    return canonical(fold(word))


def untyped(word: str) -> str | None:
    """The folded word a Telex or VNI leftover stands for, or None when ``word`` is not one."""
    if word[0].isdigit():
        return None
    if _VNI.match(word):
        return canonical(re.sub(r"[1-9]", "", word))
    if not word.isalpha():
        return None
    plain = word
    if len(plain) > 1 and plain[-1] in _TONE_KEYS and _VOWELS & set(plain[:-1]):
        plain = plain[:-1]
    for marked, letter in _TELEX_MARKS:
        plain = plain.replace(marked, letter)
    plain = _DOUBLED.sub(lambda found: found.group(1)[0], plain)
    return canonical(plain) if plain != word else None
