"""The inspectorate's house style for numbers in running text (seeds 001 and 003).

number(7)            → "seven"   (numbers under ten in words, ten and above in figures)
number(7, start=True) → "Seven"  (a sentence never starts with a figure-less lower case word)
count(1, "case")     → "one case"; count(12, "case") → "12 cases"
listing(["a", "b", "c"]) → "a, b and c"
"""

WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number(n: int, *, start: bool = False) -> str:
    text = WORDS[n] if 0 <= n < 10 else f"{n:,}"
    return text[0].upper() + text[1:] if start else text


def count(n: int, noun: str, *, plural: str = "", start: bool = False) -> str:
    word = noun if n == 1 else (plural or noun + "s")
    return f"{number(n, start=start)} {word}"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def listing(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
