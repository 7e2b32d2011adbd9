"""Links for long tables: one ``reverse()`` for a whole column instead of one ``{% url %}`` a row."""

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted (a path segment's characters)


def reverser(viewname: str, *args, last: int = 1) -> Callable[..., str]:
    """``(*values) -> reverse(viewname, args=[*args, *values])`` for a URL whose ``last`` final
    arguments are ``<str:...>`` path segments (a case reference, a question code), reversing once.

    The same URL as ``reverse`` (and ``{% url %}``) gives, quoted the same way; a value that
    cannot be a path segment (empty, or with a "/") goes through ``reverse`` itself, which refuses it.
    """
    markers = [f"0links0argument0{n}0" for n in range(last)]
    url = reverse(viewname, args=[*args, *markers])
    if any(url.count(marker) != 1 for marker in markers):  # a marker inside another argument too
        return lambda *values: reverse(viewname, args=[*args, *values])
    pieces = []
    for marker in markers:
        head, _, url = url.partition(marker)
        pieces.append(head)
    pieces.append(url)

    def url_for(*values) -> str:
        texts = [str(value) for value in values]
        if len(texts) != last or any(not text or "/" in text for text in texts):
            return reverse(viewname, args=[*args, *values])
        out = pieces[0]
        for text, piece in zip(texts, pieces[1:], strict=True):
            out += quote(text, safe=_SAFE) + piece
        return out

    return url_for
