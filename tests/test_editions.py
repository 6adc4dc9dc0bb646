"""The two editions of the built site as readers and crawlers get them: English at the root,
Traditional Chinese (Taiwan) under /zh-TW/, page for page and anchor for anchor, each
declaring its language, pointing at the other, and written in Traditional characters.

Everything here reads the session's shared build (`site_dir`, tests/conftest.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import opencc
import pytest
from bs4 import BeautifulSoup

from sitebuild import PAGES, ROOT, front_matter
from sitehtml import soup
from explainer.anchors import load_registry, resolve
from explainer.sources import load_sources
from explainer.translations import load_terms

LOCAL = "http://127.0.0.1:8000/"
ZH = "zh-TW/"
ZH_LANG = "zh-Hant-TW"         # hreflang and JSON-LD inLanguage of the Chinese edition
HTML_LANGS = {"en": {"en"}, "zh": {"zh-TW", "zh-Hant-TW"}}   # <html lang>: Traditional Chinese, Taiwan
SITE_NAMES = {"en": "The gpt-oss delay", "zh": "gpt-oss 延後始末"}
BOTH = [(src, url, edition) for src, url in PAGES.items() for edition in ("en", "zh")]
BOTH_IDS = [f"{edition}:{src}" for src, _, edition in BOTH]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
ENGLISH_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{MONTHS}) (?:\d{{1,2}}, )?\d{{4}}\b")
CHINESE_DATE = re.compile(r"\d{4} 年(?: (?:[1-9]|1[0-2]) 月(?: (?:[1-9]|[12]\d|3[01]) 日)?)?")


def zh_url(url: str) -> str:
    return ZH + url


def page_url(url: str, edition: str) -> str:
    return zh_url(url) if edition == "zh" else url


def ids(page: BeautifulSoup) -> list[str]:
    return [tag["id"] for tag in page.find_all(id=True)]


# --- the same pages, the same anchors ---------------------------------------------------

@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_every_english_page_has_its_chinese_page_with_the_same_ids(site_dir, src, url):
    chinese = site_dir / zh_url(url) / "index.html"
    assert chinese.is_file(), f"docs/{src} has no Chinese page at /{zh_url(url)}"
    english_ids, chinese_ids = ids(soup(site_dir, url)), ids(soup(site_dir, zh_url(url)))
    assert sorted(set(english_ids) - set(chinese_ids)) == [], f"ids of /{url} missing on /{zh_url(url)}"
    assert sorted(set(chinese_ids) - set(english_ids)) == [], f"ids on /{zh_url(url)} that /{url} lacks"
    # The content's anchors in the same order: the same sections, terms and questions.
    assert ([t["id"] for t in soup(site_dir, zh_url(url)).select("article [id]")]
            == [t["id"] for t in soup(site_dir, url).select("article [id]")])


def test_every_registered_anchor_resolves_in_chinese_too(site_dir):
    """data/anchors.yml: every anchor (and alias) registered for an English page lands on the
    Chinese page as well, and the registry lists it for the Chinese page."""
    registry = load_registry(ROOT / "data" / "anchors.yml")
    english = [u for u in registry.pages if not u.startswith(ZH)]
    assert set(english) >= set(PAGES.values())
    problems = []
    for url in english:
        html = (site_dir / zh_url(url) / "index.html").read_text(encoding="utf-8")
        for anchor in [*registry.pages[url], *registry.aliases_for(url)]:
            if resolve(html, anchor) is None:
                problems.append(f"/{zh_url(url)}#{anchor} does not resolve")
        unlisted = set(registry.pages[url]) - set(registry.pages.get(zh_url(url), []))
        problems += [f"data/anchors.yml: '{zh_url(url)}' lacks '{a}'" for a in sorted(unlisted)]
    assert problems == []


def test_faq_answers_link_the_same_way_in_both_languages(site_dir):
    """The link people share (/zh-TW/faq/#was-it-released) lands on the answer, in Chinese."""
    answer = soup(site_dir, "zh-TW/faq/").find(id="was-it-released")
    assert answer is not None and HAN.search(answer.get_text())


# --- language, head and sitemaps --------------------------------------------------------

@pytest.mark.parametrize("src, url, edition", BOTH, ids=BOTH_IDS)
def test_html_lang_is_the_editions(site_dir, src, url, edition):
    lang = soup(site_dir, page_url(url, edition)).html.get("lang")
    assert lang in HTML_LANGS[edition], f"/{page_url(url, edition)}: <html lang={lang!r}>"


def hreflang_links(page: BeautifulSoup) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for link in page.head.find_all("link", hreflang=True):
        if "alternate" in link.get("rel", []):
            out.setdefault(link["hreflang"], []).append(link["href"])
    return out


def expected_alternates(url: str) -> dict[str, list[str]]:
    return {"en": [LOCAL + url], ZH_LANG: [LOCAL + zh_url(url)], "x-default": [LOCAL + url]}


@pytest.mark.parametrize("src, url, edition", BOTH, ids=BOTH_IDS)
def test_head_names_both_editions_and_x_default(site_dir, src, url, edition):
    """Absolute alternates, each once, to this same page in both languages; x-default English."""
    assert hreflang_links(soup(site_dir, page_url(url, edition))) == expected_alternates(url)


def test_hreflang_check_can_fail(site_dir):
    page = soup(site_dir, zh_url("delay/"))
    page.head.find("link", hreflang=ZH_LANG)["href"] = LOCAL + "zh-TW/"
    assert hreflang_links(page) != expected_alternates("delay/")


def sitemap(path: Path) -> dict[str, dict[str, list[str]]]:
    """<loc> -> its xhtml:link alternates, by hreflang."""
    out = {}
    for item in ET.fromstring(path.read_bytes()).iter(f"{SITEMAP_NS}url"):
        alternates: dict[str, list[str]] = {}
        for link in item.iter(f"{XHTML_NS}link"):
            if link.get("rel") == "alternate":
                alternates.setdefault(link.get("hreflang"), []).append(link.get("href"))
        out[item.findtext(f"{SITEMAP_NS}loc").strip()] = alternates
    return out


def test_the_root_sitemap_lists_both_editions_with_their_alternates(site_dir):
    entries = sitemap(site_dir / "sitemap.xml")
    wanted = {LOCAL + page_url(url, e): expected_alternates(url) for url in PAGES.values() for e in ("en", "zh")}
    assert entries == wanted


def test_the_chinese_sitemap_lists_the_chinese_pages_with_their_alternates(site_dir):
    entries = sitemap(site_dir / "zh-TW" / "sitemap.xml")
    assert entries == {LOCAL + zh_url(url): expected_alternates(url) for url in PAGES.values()}


def in_language(data) -> list:
    """Every inLanguage value of a JSON-LD block, however deep."""
    if isinstance(data, dict):
        return [v for k, v in data.items() if k == "inLanguage"] + [x for v in data.values() for x in in_language(v)]
    if isinstance(data, list):
        return [x for v in data for x in in_language(v)]
    return []


@pytest.mark.parametrize("src, url, edition", BOTH, ids=BOTH_IDS)
def test_structured_data_names_the_editions_language(site_dir, src, url, edition):
    blocks = [json.loads(s.string) for s in soup(site_dir, page_url(url, edition))
              .select('script[type="application/ld+json"]')]
    assert blocks, f"/{page_url(url, edition)} has no JSON-LD"
    want = "en" if edition == "en" else ZH_LANG
    assert [b.get("inLanguage") for b in blocks] == [want] * len(blocks)
    assert set(x for b in blocks for x in in_language(b)) == {want}


# --- llms.txt and Markdown copies -------------------------------------------------------

def test_each_edition_has_its_llms_txt_listing_its_own_pages(site_dir):
    for edition, folder in (("en", site_dir), ("zh", site_dir / "zh-TW")):
        text = (folder / "llms.txt").read_text(encoding="utf-8")
        assert text.startswith(f"# {SITE_NAMES[edition]}\n"), text[:80]
        for src, url in PAGES.items():
            own_src = src.replace(".md", ".zh-TW.md") if edition == "zh" else src
            description = front_matter(ROOT / "docs" / own_src)["description"]
            address = f"]({LOCAL}{page_url(url, edition)}index.md)"
            line = next((l for l in text.splitlines() if address in l), None)
            assert line is not None, f"{folder.name}/llms.txt does not list {own_src}"
            assert line.endswith(": " + description), line
            assert (folder / url / "index.md").is_file(), f"no Markdown copy of {own_src}"
        other = f"{LOCAL}{ZH}" if edition == "en" else None
        if other:
            assert other not in text, "the English llms.txt lists Chinese pages"


def test_the_chinese_llms_txt_is_written_in_chinese(site_dir):
    """Its introduction and section headings are the edition's, not the English ones."""
    def prose(text: str) -> set[str]:
        return {l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith(("- [", "# ", "> "))}
    english = prose((site_dir / "llms.txt").read_text(encoding="utf-8"))
    chinese = prose((site_dir / "zh-TW" / "llms.txt").read_text(encoding="utf-8"))
    assert sorted(english & chinese) == [], "zh-TW/llms.txt repeats the English: " + " | ".join(sorted(english & chinese))


@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_chinese_markdown_copies_are_chinese_and_link_within_the_edition(site_dir, src, url):
    copy = (site_dir / zh_url(url) / "index.md").read_text(encoding="utf-8")
    h1 = soup(site_dir, zh_url(url)).select_one("article h1").get_text().rstrip("¶").strip()
    assert f"# {h1}" in copy
    own = [a for a in re.findall(r"\]\((" + re.escape(LOCAL) + r"[^)\s]*)\)", copy)]
    assert [a for a in own if not a.startswith(LOCAL + ZH)] == [], "links out of the Chinese edition"
    full = (site_dir / "zh-TW" / "llms-full.txt").read_text(encoding="utf-8")
    assert f"# {h1}" in full


# --- what a Chinese reader reads --------------------------------------------------------

@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_chinese_pages_say_last_reviewed_in_chinese(site_dir, src, url):
    reviewed = soup(site_dir, zh_url(url)).select_one("article .page-reviewed")
    assert reviewed is not None, f"/{zh_url(url)} shows no review date"
    time = reviewed.find("time")
    assert reviewed.get_text(" ", strip=True).startswith("最近審閱"), reviewed.get_text()
    assert chinese_date_of(time["datetime"]) == time.get_text(strip=True)
    english = soup(site_dir, url).select_one("article .page-reviewed")
    assert english.get_text(" ", strip=True).startswith("Last reviewed")
    assert english.find("time")["datetime"] == time["datetime"]


@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_the_header_speaks_the_editions_language(site_dir, src, url):
    """Every name and tooltip in the header (the palette toggle's included) is Chinese on a
    Chinese page; the English page keeps English ones."""
    def words(page: BeautifulSoup) -> list[str]:
        return [el[a] for el in page.select(".md-header [title], .md-header [aria-label]")
                for a in ("title", "aria-label") if el.get(a)]
    chinese, english = words(soup(site_dir, zh_url(url))), words(soup(site_dir, url))
    assert chinese and all(HAN.search(w) for w in chinese), [w for w in chinese if not HAN.search(w)]
    assert english and not any(HAN.search(w) for w in english if w != "中文（台灣）"), english
    toggle = soup(site_dir, zh_url(url)).select(".md-header input[name=__palette]")
    assert [i["aria-label"] for i in toggle] == ["切換為深色模式", "切換為淺色模式"]


def chinese_date_of(iso: str) -> str:
    """2025-08-05 -> "2025 年 8 月 5 日" (written out here, not taken from the build)."""
    parts = [int(p) for p in iso.split("-")]
    return " ".join(f"{n} {unit}" for n, unit in zip(parts, ("年", "月", "日")))


def test_the_corrections_log_exists_in_chinese(site_dir):
    english, chinese = soup(site_dir, "about/"), soup(site_dir, "zh-TW/about/")
    dated = [i for i in ids(english) if re.fullmatch(r"corrections-\d{4}-\d{2}-\d{2}", i)]
    assert dated, "the English corrections log has no dated entries"
    for anchor in ["corrections", *dated]:
        heading = chinese.find(id=anchor)
        assert heading is not None, f"/zh-TW/about/ lacks #{anchor}"
        assert HAN.search(heading.get_text()), f"#{anchor} is not in Chinese: {heading.get_text()!r}"
    for anchor in dated:
        assert chinese.find(id=anchor).get_text().rstrip("¶").strip() == chinese_date_of(anchor[len("corrections-"):])
        # each dated entry says something below its heading, in Chinese
        following = chinese.find(id=anchor).find_next_sibling()
        assert following is not None and HAN.search(following.get_text())


def readers_text(page: BeautifulSoup, source_ids: set[str]) -> str:
    """The article's own words: source titles (links out, and the Sources page's headings)
    stay in their own language, and quoted English ("原文" quotations) is the original."""
    article = BeautifulSoup(str(page.select_one("article")), "html.parser")
    for tag in article.select('a[href^="http"]'):
        tag.decompose()
    for tag in article.find_all(["h2", "h3", "h4"], id=True):
        if tag["id"] in source_ids:
            tag.decompose()
    return re.sub(r'"[^"\n]*"', " ", article.get_text(" "))


@pytest.mark.parametrize("src, url", PAGES.items(), ids=list(PAGES))
def test_chinese_pages_write_dates_the_taiwanese_way(site_dir, src, url):
    page = soup(site_dir, zh_url(url))
    for time in page.select("article time[datetime]"):
        shown = time.get_text(strip=True)
        assert re.fullmatch(r"(截至 )?" + CHINESE_DATE.pattern, shown), f"/{zh_url(url)}: {time}"
        assert shown.endswith(chinese_date_of(time["datetime"])), f"/{zh_url(url)}: {time}"
    source_ids = set(load_sources(ROOT / "data" / "sources.yml"))
    assert ENGLISH_DATE.findall(readers_text(page, source_ids)) == []


def test_the_date_check_can_fail(site_dir):
    page = soup(site_dir, "zh-TW/delay/")
    page.select_one("article p").append(" 於 5 August 2025 釋出")
    assert ENGLISH_DATE.findall(readers_text(page, set())) == ["5 August 2025"]


def test_chinese_glossary_entries_show_the_english_term_and_aliases(site_dir):
    page = soup(site_dir, "zh-TW/glossary/")
    problems = []
    for term in load_terms(ROOT / "data" / "glossary.yml", "zh-TW"):
        heading = page.find(id=term.id)
        english = heading and heading.find_next_sibling("p", class_="glossary-english")
        shown = [em.get_text() for em in english.find_all("em")] if english else []
        if heading is None or heading.get_text().rstrip("¶").strip() != term.term:
            problems.append(f"#{term.id}: heading is not {term.term!r}")
        if list(term.original) != shown or (english and english.get("lang") != "en"):
            problems.append(f"#{term.id}: shows {shown}, not the English names {list(term.original)}")
    assert problems == []


# --- no Simplified characters -----------------------------------------------------------

def chinese_texts(site_dir: Path) -> dict[str, str]:
    """What a Chinese reader reads (each page's text, its title and meta descriptions) and
    the Chinese data and pages it is built from."""
    texts = {}
    for url in PAGES.values():
        page = soup(site_dir, zh_url(url))
        for tag in page(["script", "style"]):
            tag.decompose()
        metas = [m["content"] for m in page.find_all("meta", content=True) if m.get("name") or m.get("property")]
        texts[f"/{zh_url(url)}"] = "\n".join([page.get_text(" "), *metas])
    for path in sorted((ROOT / "data" / "zh-TW").glob("*.yml")) + sorted((ROOT / "docs").glob("*.zh-TW.md")):
        texts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return texts


def _opencc_table(name: str) -> dict[str, list[str]]:
    folder = Path(opencc.__file__).parent / "dictionary"
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return {key: values.split() for key, values in (line.split("\t", 1) for line in lines if "\t" in line)}


def simplified_only(text: str) -> list[str]:
    """Characters that are Simplified and nothing else, by OpenCC's own tables: a key of
    STCharacters that is not among its own Traditional forms (发 -> 發 髮; but 台 -> 臺 檯 颱 台 is
    Traditional too), and not a form Taiwan writes (TWVariants: 羣 -> 群). The phrase-level
    choices of s2t (宣布 -> 宣佈, 了解 -> 瞭解) are not the question this one answers."""
    st = _ST_CHARACTERS
    taiwan = {v for values in _TW_VARIANTS.values() for v in values}
    return sorted({ch for ch in text if ch in st and ch not in st[ch] and ch not in taiwan})


_ST_CHARACTERS = _opencc_table("STCharacters.txt")
_TW_VARIANTS = _opencc_table("TWVariants.txt")


def test_no_character_that_is_only_simplified(site_dir):
    """No Simplified character in the Chinese pages and data, by OpenCC's own tables read per
    character. (OpenCC's s2t conversion is not the gate: it also rewrites standard Taiwanese
    forms, 宣布 -> 宣佈, 核准 -> 覈准, 社群 -> 社羣: 202 such changes, none Simplified.)"""
    found = {where: simplified_only(text) for where, text in chinese_texts(site_dir).items()}
    assert {where: chars for where, chars in found.items() if chars} == {}


def test_the_per_character_check_can_fail():
    assert simplified_only("开放权重模型的发布") == sorted("开权发")
    assert simplified_only("中文（台灣）社群宣布，了解核准的游標") == []
