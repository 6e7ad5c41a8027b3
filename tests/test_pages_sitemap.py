"""The pages benchmark's site map covers the site: every page a person or an integrator can open
is measured (bench/pages.py), or named there as not a page with the reason."""

from string import Formatter
from urllib.parse import urlsplit

from bench import pages
from django.urls import URLPattern, URLResolver, get_resolver, resolve


def _names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the administration: its busiest lists are in the site map
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _filled(template: str) -> str:
    """The path with every ``{name}`` replaced by a value any converter accepts."""
    fields = [name for _, name, _, _ in Formatter().parse(template) if name]
    return template.format(**dict.fromkeys(fields, "1"))


def test_every_page_is_measured_or_named_as_not_a_page():
    covered = set()
    for _, template in pages.SITEMAP:
        path = urlsplit(_filled(template)).path
        if path.startswith("/admin/"):
            continue
        covered.add(resolve(path).view_name)
    missing = _names(get_resolver().url_patterns) - covered - set(pages.NOT_PAGES)
    assert not missing, f"pages neither in bench/pages.py SITEMAP nor in NOT_PAGES: {missing}"
    # And nothing is both, or named as not a page without existing.
    assert not covered & set(pages.NOT_PAGES)
    assert set(pages.NOT_PAGES) <= _names(get_resolver().url_patterns)
