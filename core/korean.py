"""Korean text helpers shared by the analysis stages: jamo and text normalisation for matching.

Two spellings of the same Korean hide in the data. Kiwi writes a final consonant that it
splits off a syllable as a conjoining jamo (합니다 -> 하 + ᆸ니다, U+11B8), while people, rule
tables and most tools write the compatibility jamo ㅂ (U+3142); text from other systems may
also arrive decomposed (NFD). ``normalize_jamo`` brings all of these to one form so that a
rule written as "ㅂ니다" matches what Kiwi returns. ``matching_key`` goes further for fuzzy
phrase matching of speech-to-text output, whose spacing and punctuation are unreliable.
"""

from __future__ import annotations

import re
import unicodedata

_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"  # U+1100..U+1112
_JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"  # U+1161..U+1175
_JONGSEONG = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # U+11A8..U+11C2

_TO_COMPATIBILITY = str.maketrans(
    {
        **{0x1100 + i: jamo for i, jamo in enumerate(_CHOSEONG)},
        **{0x1161 + i: jamo for i, jamo in enumerate(_JUNGSEONG)},
        **{0x11A8 + i: jamo for i, jamo in enumerate(_JONGSEONG)},
    }
)
"""Conjoining (Hangul Jamo block) -> compatibility jamo (Hangul Compatibility Jamo block)."""

_NOT_MATCHED = re.compile(r"[^0-9a-z\uac00-\ud7a3\u3131-\u318e]+")
"""What ``matching_key`` drops: spaces, punctuation, symbols; Hangul, digits and latin stay."""


def normalize_jamo(text: str) -> str:
    """``text`` in composed syllables, with every leftover jamo as a compatibility jamo.

    >>> normalize_jamo("\u11b8니다") == "ㅂ니다"
    True
    """
    if text.isascii():
        return text
    # NFC first: a decomposed syllable (ᄒ + ᅡ + ᆸ) must become 합, not ㅎㅏㅂ.
    return unicodedata.normalize("NFC", text).translate(_TO_COMPATIBILITY)


def matching_key(text: str) -> str:
    """``text`` reduced to what fuzzy phrase matching compares: jamo normalised, latin letters
    lowercased, and spaces and punctuation removed (speech-to-text spaces Korean unreliably:
    "한빛 손해 보험" and "한빛손해보험" are the same words)."""
    return _NOT_MATCHED.sub("", normalize_jamo(text).lower())
