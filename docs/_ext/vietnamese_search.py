"""Search for the Vietnamese edition that forgives missing diacritics.

Sphinx has no Vietnamese search language, so by default the index treats the
text as English: "chuan hoa" finds nothing, and "hoá" and "hóa" (two accepted
placements of the same tone mark) are different words. Here every word is
folded the same way when the index is built (Python) and when a query is typed
(JavaScript): Unicode NFD, lower case, "đ" to "d", combining marks removed.
So "chuẩn hoá", "chuẩn hóa", "chuan hoa", and either Unicode form, all meet
in the index as "chuan hoa".

A known limit: the folded index cannot tell an exact spelling from a folded
one, so a page that has "hòa" ranks with a page that has "hoá" for the query
"hoá".
"""

from __future__ import annotations

import re
import unicodedata

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

_COMBINING = re.compile(r"[\u0300-\u036f]")


def fold(word: str) -> str:
    """Fold a word to its search key: no tone marks, no diacritics, lower case.

    >>> [fold(w) for w in ["Chuẩn", "hoá", "hóa", "ĐỘ", "dốc"]]
    ['chuan', 'hoa', 'hoa', 'do', 'doc']
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    return _COMBINING.sub("", decomposed.replace("đ", "d"))


#: The same folding in JavaScript, as Sphinx's search page calls it.
JS_FOLD = r"""
function foldVietnamese(word) {
  return word.toLowerCase().normalize("NFD").replace(/đ/g, "d")
    .replace(/[\u0300-\u036f]/g, "");
}
"""


class SearchVietnamese(SearchLanguage):
    """Index and query words folded by :func:`fold`."""

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
    )
    _word_re = re.compile(r"\w+")

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(unicodedata.normalize("NFC", input))

    def stem(self, word: str) -> str:
        return fold(word)


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchVietnamese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
