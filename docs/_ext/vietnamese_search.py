"""Search for the Vietnamese edition that forgives missing diacritics, and
ranks exact spellings first.

Sphinx has no Vietnamese search language, so by default the index treats the
text as English: "chuan hoa" finds nothing, and "hoá" and "hóa" (two accepted
placements of the same tone mark) are different words. Here every word is
folded the same way when the index is built (Python) and when a query is typed
(JavaScript): Unicode NFD, lower case, "đ" to "d", combining marks removed.
So "chuẩn hoá", "chuẩn hóa", "chuan hoa", and either Unicode form, all meet
in the index as "chuan hoa".

Folding alone would rank a page that says "hoạ" (a drawing) with a page that
says "hoá" for the query "hoá". So the index also holds every word's exact
spelling (:func:`spelling`: its letters with their vowel marks, and its tone,
wherever the tone mark sits), and the search page adds a bonus to a result for
every word of the query that its page spells exactly as typed. A page that
spells all of them comes first; one that only matches once folded, last.
"""

from __future__ import annotations

import json
import re
import unicodedata

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

_COMBINING = re.compile(r"[\u0300-\u036f]")

#: The five tone marks, as combining characters, and the digit that names each
#: in a spelling (sắc, huyền, hỏi, ngã, nặng, as in the VNI input method).
TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}

#: Begins every spelling in the index. Words never contain it, so a spelling
#: can never be mistaken for a folded word.
SPELLING = "="

#: Added to a result's score for each query word its page spells exactly: more
#: than any score Sphinx gives (15 for a word in a title).
EXACT_BONUS = 100


def fold(word: str) -> str:
    """Fold a word to its search key: no tone marks, no diacritics, lower case.

    >>> [fold(w) for w in ["Chuẩn", "hoá", "hóa", "ĐỘ", "dốc"]]
    ['chuan', 'hoa', 'hoa', 'do', 'doc']
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    return _COMBINING.sub("", decomposed.replace("đ", "d"))


def spelling(word: str) -> str:
    """The exact spelling of a word, as the index keeps it: lower case, its
    letters with their other marks (â, ă, ê, ô, ơ, ư, đ), then its tone as a
    digit. Both placements of a tone mark ("hoá", "hóa") give one spelling;
    another tone ("hoạ") or no tone ("hoa") gives another.

    >>> [spelling(w) for w in ["hoá", "hóa", "hoạ", "Chuẩn", "chuan", "ĐỘ"]]
    ['=hoa1', '=hoa1', '=hoa5', '=chuân3', '=chuan', '=đô5']
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(TONES[c] for c in decomposed if c in TONES)
    letters = "".join(c for c in decomposed if c not in TONES)
    return SPELLING + unicodedata.normalize("NFC", letters) + tones


# Two spellings of Vietnamese tone marks on "oa", "oe", "uy": the older one
# puts the mark on the first vowel ("hóa"), the glossary on the second
# ("hoá"). Both spellings are the same length, so text offsets stay valid.
_OLD_TONES = {
    unicodedata.normalize("NFC", first + tone + second): unicodedata.normalize(
        "NFC", first + second + tone
    )
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in TONES
}
_OLD_TONE = re.compile("|".join(_OLD_TONES))


def match_key(text: str) -> str:
    """Text as the matcher compares it: NFC, lower case, one tone spelling.

    The result has the length of ``unicodedata.normalize("NFC", text)``.

    >>> match_key("Chuẩn Hóa")
    'chuẩn hoá'
    """
    text = unicodedata.normalize("NFC", text)
    lower = text.lower()
    if len(lower) != len(text):  # a rare letter whose lower case is longer
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(0)], lower)


#: The same folding and spelling in JavaScript, as Sphinx's search page calls
#: them; the constants come from this module.
JS_FOLD = (
    f"const VIETNAMESE_TONES = {json.dumps(TONES)};\n"
    f"const SPELLING_PREFIX = {json.dumps(SPELLING)};\n"
    r"""
function foldVietnamese(word) {
  return word.toLowerCase().normalize("NFD").replace(/đ/g, "d")
    .replace(/[\u0300-\u036f]/g, "");
}
function spellVietnamese(word) {
  let letters = "", tones = "";
  for (const c of word.toLowerCase().normalize("NFD")) {
    if (c in VIETNAMESE_TONES) tones += VIETNAMESE_TONES[c];
    else letters += c;
  }
  return SPELLING_PREFIX + letters.normalize("NFC") + tones;
}
"""
)

#: Ranks results on the search page (``Search`` exists only there): remembers
#: the spellings of the query, then gives each result its bonus.
JS_RANK = (
    f"const EXACT_BONUS = {EXACT_BONUS};\n"
    """
if (typeof Search !== "undefined") {
  let querySpellings = [];
  const performSearch = Search._performSearch;
  Search._performSearch = (query, ...rest) => {
    querySpellings = splitQuery(query).map(spellVietnamese);
    return performSearch(query, ...rest);
  };
  const spelledIn = (files, file) => files !== undefined
    && (files === file || (Array.isArray(files) && files.includes(file)));
  Scorer.score = (result) => {
    const index = Search._index;
    const file = index.docnames.indexOf(result[0]);
    const exact = querySpellings.filter((key) => spelledIn(index.terms[key], file)
      || spelledIn(index.titleterms[key], file)).length;
    return result[4] + EXACT_BONUS * exact;
  };
}
"""
)


class SearchVietnamese(SearchLanguage):
    """Index every word twice: folded by :func:`fold`, and spelled by
    :func:`spelling`. Queries are folded the same way."""

    lang = "vi"
    language_name = "Vietnamese"
    # Sphinx's search page loads searchtools.js (which defines splitQuery)
    # before this code, and ignores a language's own splitter; assigning the
    # global here makes the query split after composing, so a decomposed
    # query splits like a composed one.
    js_stemmer_code = (
        JS_FOLD
        + """
var Stemmer = function () {
  this.stemWord = function (w) { return foldVietnamese(w); };
};
splitQuery = (query) => query.normalize("NFC")
  .split(/[^\\p{Letter}\\p{Number}_]+/gu)
  .filter((term) => term);
"""
        + JS_RANK
    )
    _word_re = re.compile(r"\w+")

    def split(self, input: str) -> list[str]:
        # Each word, and the same word marked to be indexed by its spelling.
        words = self._word_re.findall(unicodedata.normalize("NFC", input))
        return words + [SPELLING + word for word in words]

    def word_filter(self, word: str) -> bool:
        # A number is not indexed, whether as a word or as a spelling: the run
        # times on the reproducibility page would make two builds differ.
        return super().word_filter(word.removeprefix(SPELLING))

    def stem(self, word: str) -> str:
        if word.startswith(SPELLING):
            return spelling(word[len(SPELLING) :])
        return fold(word)


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
