"""The command line's options of pooled analysis, checked: every error listed, in words."""

from collections.abc import Collection

from cases.models import Programme


def split(text: str | None) -> list[str]:
    """ "a, b,,c" → ["a", "b", "c"], each once, in order."""
    return list(dict.fromkeys(part.strip() for part in (text or "").split(",") if part.strip()))


def programmes_named(text: str) -> tuple[list[Programme], list[str]]:
    """The programmes of a comma-separated list of slugs, in the order given, and an error per unknown slug."""
    slugs = split(text)
    found = {p.slug: p for p in Programme.objects.filter(slug__in=slugs)}
    errors = [f"--programmes: no programme with slug '{slug}'" for slug in slugs if slug not in found]
    if not slugs:
        errors.append("--programmes: name one or more programmes by slug")
    return [found[slug] for slug in slugs if slug in found], errors


def names_checked(text: str | None, *, option: str, valid: Collection[str], what: str) -> tuple[list[str], list[str]]:
    names = split(text)
    return names, [f"{option}: '{name}' is not {what}" for name in names if name not in valid]
