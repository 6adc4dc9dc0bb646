"""How the built site presents itself to the web: titles, descriptions, social
cards, structured data, sitemap, robots.txt, llms.txt, freshness and edit links."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import PAGES, ROOT, SUBPATH, front_matter, mkdocs_build
from sitehtml import soup
from explainer import DataError, addresses, metadata, social_image

LOCAL = "http://127.0.0.1:8000/"
SUBPATH_URL = f"https://example.github.io{SUBPATH}"
SITE_NAME = "The gpt-oss delay"
REPO_EDIT = "https://github.com/openweight-explainer/openweight-explainer/edit/main/"
# Pages built from a data file: their edit link opens the data file.
EDIT_SOURCE = {"glossary.md": "data/glossary.yml", "faq.md": "data/faq.yml", "sources.md": "data/sources.yml"}
# Every tag a page must carry once, with a non-empty value.
REQUIRED = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:image",
            "twitter:card", "twitter:title", "twitter:description", "twitter:image")
FRONT = {src: front_matter(ROOT / "docs" / src) for src in PAGES}
CARD_MAX_BYTES = 60_000


def head_values(page) -> dict[str, list[str]]:
    """Every <meta property|name=... content=...> of the <head>, by key."""
    out: dict[str, list[str]] = {}
    for tag in page.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and tag.has_attr("content"):
            out.setdefault(key, []).append(tag["content"])
    return out


def head_problems(page, url: str, base: str) -> list[str]:
    """What is missing or wrong in one page's head (empty when all is well)."""
    values = head_values(page)
    problems = [f"{url or '/'}: {key} appears {len(values.get(key, []))} times"
                for key in REQUIRED if len(values.get(key, [])) != 1]
    problems += [f"{url or '/'}: {key} is empty" for key in REQUIRED
                 if len(values.get(key, [])) == 1 and not values[key][0].strip()]
    if problems:
        return problems
    one = {k: v[0] for k, v in values.items()}
    canonical = page.head.find("link", rel="canonical")
    expected_url = base + url
    if canonical is None or canonical["href"] != expected_url:
        problems.append(f"{url or '/'}: canonical is {canonical and canonical['href']}, expected {expected_url}")
    if one["og:url"] != expected_url:
        problems.append(f"{url or '/'}: og:url is {one['og:url']}, expected {expected_url}")
    if not one["og:image"].startswith(base) or one["twitter:image"] != one["og:image"]:
        problems.append(f"{url or '/'}: og:image/twitter:image {one['og:image']} is not an absolute site URL")
    if one["og:type"] != ("website" if url == "" else "article"):
        problems.append(f"{url or '/'}: og:type is {one['og:type']}")
    if one["twitter:card"] != "summary_large_image":
        problems.append(f"{url or '/'}: twitter:card is {one['twitter:card']}")
    if one["og:site_name"] != SITE_NAME:
        problems.append(f"{url or '/'}: og:site_name is {one['og:site_name']}")
    description = one.get("description", "")
    if not (one["og:description"] == one["twitter:description"] == description):
        problems.append(f"{url or '/'}: og/twitter descriptions differ from the meta description")
    if one["og:title"] != one["twitter:title"]:
        problems.append(f"{url or '/'}: og:title and twitter:title differ")
    return problems


def jsonld(page) -> list[dict]:
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def of_type(page, kind: str) -> list[dict]:
    return [d for d in jsonld(page) if d.get("@type") == kind]


def image_file(site: Path, image_url: str, base: str) -> Path:
    assert image_url.startswith(base), image_url
    return site / image_url[len(base):]


# --- titles, descriptions, Open Graph and Twitter cards ---------------------------------

@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_page_head_carries_every_social_tag(site_dir, src, url):
    assert head_problems(soup(site_dir, url), url, LOCAL) == []


@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_title_and_description_come_from_front_matter(site_dir, src, url):
    page = soup(site_dir, url)
    values = head_values(page)
    # The whole description, quotes included (the theme used to cut it at the first '"').
    assert values["description"] == [FRONT[src]["description"]]
    assert values["og:title"] == [FRONT[src]["title"]]
    title = page.title.get_text()
    assert title.startswith(FRONT[src]["title"])
    # Every tab names the site exactly once (the home page's title is the site's name).
    assert title.count(SITE_NAME) == 1, title


def test_head_values_are_unique_per_page(site_dir):
    pages = [soup(site_dir, u) for u in PAGES.values()]
    for key in ("og:title", "og:description", "og:url", "og:image", "description"):
        values = [head_values(p)[key][0] for p in pages]
        assert len(set(values)) == len(values), (key, values)
    titles = [p.title.get_text() for p in pages]
    assert len(set(titles)) == len(titles), titles


def test_articles_say_when_they_were_changed_and_published_where_known(site_dir):
    for src, url in PAGES.items():
        values = head_values(soup(site_dir, url))
        if url == "":
            assert "article:modified_time" not in values
            continue
        [modified] = values["article:modified_time"]
        assert datetime.fromisoformat(modified).tzinfo is not None, (url, modified)
        # Published only where the page's front matter says so.
        assert ("article:published_time" in values) == ("published" in FRONT[src]), url


def test_front_matter_published_date_reaches_tags_and_structured_data(project_copy, tmp_path):
    page = project_copy / "docs" / "delay.md"
    page.write_text(page.read_text().replace("---\n", "---\npublished: 2025-07-20\n", 1))
    out = tmp_path / "out"
    result = mkdocs_build(project_copy, out, site_url=LOCAL)
    assert result.returncode == 0, result.stderr
    built = soup(out, "delay/")
    assert head_values(built)["article:published_time"] == ["2025-07-20"]
    [article] = of_type(built, "Article")
    assert article["datePublished"] == "2025-07-20"


@pytest.mark.parametrize("value, expected", [
    (date(2025, 8, 5), "2025-08-05"), ("2025-08-05", "2025-08-05"),
    (datetime(2025, 8, 5, 17, 0), "2025-08-05T17:00:00"), (None, None),
])
def test_front_matter_dates(value, expected):
    assert metadata.front_matter_date(value, "docs/x.md") == expected


def test_a_bad_front_matter_date_names_the_page():
    with pytest.raises(DataError, match="docs/x.md: front matter 'published: last summer'"):
        metadata.front_matter_date("last summer", "docs/x.md")


def test_generated_pages_are_as_fresh_as_their_data(site_dir):
    """The glossary changes when data/glossary.yml does, not only when glossary.md does."""
    log = subprocess.run(["git", "log", "-1", "--format=%at", "--", "data/glossary.yml"],
                         cwd=ROOT, capture_output=True, text=True)
    if log.returncode != 0 or not log.stdout.strip():
        pytest.skip("no git history here: every date is the build date")
    data_changed = datetime.fromtimestamp(int(log.stdout), tz=timezone.utc)
    [modified] = head_values(soup(site_dir, "glossary/"))["article:modified_time"]
    assert datetime.fromisoformat(modified) >= data_changed


def test_head_checker_catches_a_missing_or_wrong_tag(site_dir, tmp_path):
    """The checker itself must be able to fail."""
    original = (site_dir / "delay" / "index.html").read_text(encoding="utf-8")
    broken = re.sub(r'\s*<meta property="og:image" [^>]*>', "", original, count=1)
    assert broken != original
    copy = tmp_path / "delay"
    copy.mkdir()
    (copy / "index.html").write_text(broken, encoding="utf-8")
    assert any("og:image appears 0 times" in p for p in head_problems(soup(tmp_path, "delay/"), "delay/", LOCAL))
    (copy / "index.html").write_text(original.replace('content="http://127.0.0.1:8000/delay/"',
                                                      'content="http://127.0.0.1:8000/"'), encoding="utf-8")
    assert any("og:url" in p for p in head_problems(soup(tmp_path, "delay/"), "delay/", LOCAL))


def test_addresses_follow_site_url_under_a_subpath(subpath_site_dir):
    for url in PAGES.values():
        page = soup(subpath_site_dir, url)
        assert head_problems(page, url, SUBPATH_URL) == []
        image = head_values(page)["og:image"][0]
        assert image_file(subpath_site_dir, image, SUBPATH_URL).is_file(), image


# --- social preview cards ---------------------------------------------------------------

def test_every_page_has_its_own_card_of_the_right_size(site_dir):
    cards = set()
    for url in PAGES.values():
        image = head_values(soup(site_dir, url))["og:image"][0]
        path = image_file(site_dir, image, LOCAL)
        assert path.suffix == ".png" and path.is_file(), image
        with Image.open(path) as img:
            assert img.format == "PNG" and img.size == (1200, 630), (path, img.size)
            assert img.mode == "P", "cards are palette PNGs, to stay small"
        assert path.stat().st_size < CARD_MAX_BYTES, (path, path.stat().st_size)
        cards.add(path)
    assert len(cards) == len(PAGES)


def test_card_shows_the_page_title(site_dir):
    """A card differs from page to page: the title is drawn on it."""
    a = Image.open(site_dir / "assets/images/social/delay.png").convert("RGB")
    b = Image.open(site_dir / "assets/images/social/faq.png").convert("RGB")
    assert a.getpixel((0, 0)) == b.getpixel((0, 0)) == social_image.INDIGO
    assert a.tobytes() != b.tobytes()


def test_missing_font_is_named_with_its_package(monkeypatch, tmp_path):
    monkeypatch.setattr(social_image, "FONT_BOLD", tmp_path / "DejaVuSans-Bold.ttf")
    with pytest.raises(social_image.SocialImageError, match="DejaVuSans-Bold.ttf.*fonts-dejavu-core"):
        social_image.save_card(social_image.Card("T", "line", "site", "x.test/"), tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()


# --- structured data --------------------------------------------------------------------

def test_home_page_describes_the_website(site_dir):
    page = soup(site_dir, "")
    [site] = of_type(page, "WebSite")
    assert site["url"] == LOCAL and site["name"] == SITE_NAME
    assert site["publisher"]["@type"] == "Organization" and site["publisher"]["name"] == SITE_NAME
    assert of_type(page, "Article") == []


@pytest.mark.parametrize("src, url", [(s, u) for s, u in PAGES.items() if u], ids=[s for s, u in PAGES.items() if u])
def test_content_pages_are_articles(site_dir, src, url):
    page = soup(site_dir, url)
    [article] = of_type(page, "Article")
    values = head_values(page)
    assert article["url"] == LOCAL + url == article["mainEntityOfPage"]
    assert article["headline"] == FRONT[src]["title"]
    assert article["description"] == FRONT[src]["description"]
    assert article["image"] == values["og:image"][0]
    for who in ("publisher", "author"):
        assert article[who] == {"@type": "Organization", "@id": f"{LOCAL}#organization",
                                "name": SITE_NAME, "url": LOCAL}
    assert article["dateModified"] == values["article:modified_time"][0]
    assert article.get("datePublished") == (values.get("article:published_time") or [None])[0]


def test_glossary_and_faq_keep_their_own_structured_data(site_dir):
    assert len(of_type(soup(site_dir, "glossary/"), "DefinedTermSet")) == 1
    assert len(of_type(soup(site_dir, "faq/"), "FAQPage")) == 1


def test_structured_data_cannot_close_its_script_early(site_dir):
    for url in PAGES.values():
        raw = (site_dir / url / "index.html").read_text(encoding="utf-8")
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S):
            json.loads(block)
            assert "</" not in block


# --- sitemap, robots.txt, llms.txt ------------------------------------------------------

def sitemap_locs(site: Path) -> dict[str, str]:
    return addresses.sitemap_entries((site / "sitemap.xml").read_bytes())


@pytest.mark.parametrize("fixture, base", [
    ("site_dir", LOCAL),
    pytest.param("subpath_site_dir", SUBPATH_URL, marks=pytest.mark.builds),
])
def test_sitemap_and_robots_name_absolute_addresses(request, fixture, base):
    site = request.getfixturevalue(fixture)
    locs = sitemap_locs(site)
    for url in PAGES.values():
        assert base + url in locs, url
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", locs[base + url] or ""), locs[base + url]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert f"\nSitemap: {base}sitemap.xml\n" in robots


def test_sitemap_lastmod_is_the_date_the_page_shows(site_dir):
    locs = sitemap_locs(site_dir)
    for url in PAGES.values():
        modified = head_values(soup(site_dir, url)).get("article:modified_time")
        if modified:
            assert locs[LOCAL + url] == modified[0][:10], url


def test_llms_txt_lists_every_page_with_its_summary(site_dir):
    text = (site_dir / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith(f"# {SITE_NAME}\n")
    for src, url in PAGES.items():
        line = next((l for l in text.splitlines() if f"]({LOCAL}{url}index.md)" in l), None)
        assert line is not None, f"{src} is not listed in llms.txt"
        assert line.endswith(": " + FRONT[src]["description"]), line
        assert (site_dir / url / "index.md").is_file(), url


def test_llms_full_txt_holds_every_page(site_dir):
    full = (site_dir / "llms-full.txt").read_text(encoding="utf-8")
    for url in PAGES.values():
        h1 = soup(site_dir, url).select_one("article h1").get_text().rstrip("¶").strip()
        assert f"# {h1}" in full, h1


# --- freshness, edit links, print -------------------------------------------------------

@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_every_page_shows_its_last_update_and_an_edit_link(site_dir, src, url):
    page = soup(site_dir, url)
    date = page.select_one("article .md-source-file .page-date")
    assert date is not None and re.search(r"\d{4}", date.get_text()), f"{url or '/'} shows no update date"
    edit = page.select_one('article a.md-content__button[rel="edit"]')
    assert edit is not None, f"{url or '/'} has no edit link"
    assert edit["href"] == REPO_EDIT + EDIT_SOURCE.get(src, f"docs/{src}")


def test_print_shows_the_page_address_and_hides_navigation(site_dir):
    page = soup(site_dir, "delay/")
    assert page.select_one("article .print-url").get_text(strip=True) == LOCAL + "delay/"
    css_links = [l["href"] for l in page.select('link[rel="stylesheet"]')]
    assert any(h.endswith("assets/stylesheets/site.css") for h in css_links), css_links
    css = (site_dir / "assets/stylesheets/site.css").read_text(encoding="utf-8")
    screen, _, printed = css.partition("@media print")
    assert re.search(r"\.print-url\s*\{\s*display:\s*none", screen)
    # Material hides these in print; this stylesheet must never bring them back.
    for chrome in (".md-header", ".md-sidebar", ".md-footer", ".md-tabs", ".md-nav"):
        assert chrome not in printed, chrome


def test_logo_and_favicon_are_the_sites_own_svgs(site_dir):
    page = soup(site_dir, "")
    icon = page.head.find("link", rel="icon")["href"]
    assert icon.endswith("assets/images/favicon.svg")
    for name in ("logo.svg", "favicon.svg"):
        svg = (site_dir / "assets/images" / name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and 'viewBox="0 0 32 32"' in svg
        assert "<image" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_cards_use_printers_punctuation():
    assert (social_image.typeset('The delay - OpenAI\'s "open" model')
            == "The delay \u2013 OpenAI\u2019s \u201copen\u201d model")


# --- the card cache (issue 11: drawing was about a tenth of a clean build) -----------------

def test_a_cached_card_is_copied_not_drawn_and_equals_a_fresh_one(monkeypatch, tmp_path):
    card = social_image.Card("The delay", "Why OpenAI waited", "site", "x.test/delay/")
    fresh = social_image.save_card(card, tmp_path / "fresh.png").read_bytes()
    cache = tmp_path / "cache"
    first = social_image.save_card(card, tmp_path / "a.png", cache_dir=cache).read_bytes()
    assert first == fresh and len(list(cache.glob("*.png"))) == 1

    def no_drawing(*_args, **_kwargs):
        raise AssertionError("drawn again although cached")

    monkeypatch.setattr(social_image, "render_card", no_drawing)
    assert social_image.save_card(card, tmp_path / "b.png", cache_dir=cache).read_bytes() == fresh
    # Anything the pixels depend on is in the key: other text, another address.
    with pytest.raises(AssertionError, match="drawn again"):
        social_image.save_card(social_image.Card("The delay!", "Why OpenAI waited", "site", "x.test/delay/"),
                               tmp_path / "c.png", cache_dir=cache)
    with pytest.raises(AssertionError, match="drawn again"):
        social_image.save_card(social_image.Card("The delay", "Why OpenAI waited", "site", "y.test/delay/"),
                               tmp_path / "d.png", cache_dir=cache)


def test_the_card_key_follows_the_font_files(tmp_path):
    card = social_image.Card("T", "line", "site", "x.test/")
    fonts = social_image.Fonts.in_dir()
    copy = tmp_path / "fonts"
    copy.mkdir()
    for font in (fonts.bold, fonts.regular):
        (copy / font.name).write_bytes(font.read_bytes())
    same = social_image.Fonts.in_dir(copy)
    assert social_image.card_key(card, same) == social_image.card_key(card, fonts)
    (copy / fonts.regular.name).write_bytes(fonts.bold.read_bytes())  # another face, same name
    assert social_image.card_key(card, same) != social_image.card_key(card, fonts)


def test_missing_font_is_named_even_when_cards_are_cached(monkeypatch, tmp_path):
    monkeypatch.setattr(social_image, "FONT_BOLD", tmp_path / "DejaVuSans-Bold.ttf")
    with pytest.raises(social_image.SocialImageError, match="DejaVuSans-Bold.ttf.*fonts-dejavu-core"):
        social_image.save_card(social_image.Card("T", "line", "site", "x.test/"), tmp_path / "c.png",
                               cache_dir=tmp_path / "cache")


@pytest.mark.builds
def test_the_build_keeps_only_the_cards_its_pages_use(tmp_path):
    """Built with the project's mkdocs.yml into a temporary site: the cache beside mkdocs.yml
    holds exactly one card per page afterwards, a stale card is gone, and the built cards
    are those in the cache."""
    cache = ROOT / ".cache/explainer/cards"
    cache.mkdir(parents=True, exist_ok=True)
    stale = cache / ("0" * 32 + ".png")
    stale.write_bytes(b"not a card")
    site = tmp_path / "site"
    done = mkdocs_build(ROOT, site)
    assert done.returncode == 0, done.stderr[-2000:]
    # Every edition's cards, each in its own folder.
    cards = sorted([*(site / "assets/images/social").glob("*.png"), *(site / "zh-TW/assets/images/social").glob("*.png")])
    assert len(cards) == 2 * len(PAGES)
    assert not stale.exists()
    cached = sorted(p.read_bytes() for p in cache.glob("*.png"))
    assert cached == sorted(c.read_bytes() for c in cards)
