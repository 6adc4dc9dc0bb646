"""The site's editions: English at the root, Traditional Chinese (Taiwan) under /zh-TW/.

One docs/ folder holds both (mkdocs-static-i18n's suffix layout, which zensical-i18n
reads too): `delay.md` is English, `delay.zh-TW.md` its translation; the Chinese page
is served at `zh-TW/delay/` with the same anchors. The engine builds each edition in
turn; everything this package writes (generated pages, dates, the "Sources" list,
search records, head tags, llms.txt) takes its words from the edition's `Strings`,
so nothing forks by language.

Every reader-visible word the build writes is here, once per language. The browser
script gets the same strings from the page (`Strings.script`), so site.js holds none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


@dataclass(frozen=True)
class Strings:
    """The words of one language, and how it writes dates."""
    language: str                  # the edition's locale ("en", "zh-TW")
    # Dates
    months: tuple[str, ...] | None = MONTHS_EN   # None: numeric months (2025 年 8 月)
    # Generated pages
    list_separator: str = ", "                    # between names in a list ("、" in Chinese)
    also_called: str = "Also called:"
    english_names: str = ""                       # the line that gives a term's English names
    related: str = "Related:"
    source_one: str = "Source:"
    source_many: str = "Sources:"
    see_also: str = "See also:"
    copy_link: str = "Copy link"
    copy_link_label: str = "Copy link to the answer: {question}"
    questions_label: str = "Questions on this page"
    filter_label: str = "Filter the glossary"
    filter_placeholder: str = "Type a term, alias or word"
    terms_count: str = "{n} terms"
    letters_label: str = "Glossary by first letter"
    cited_by: str = "Cited by:"
    cited_pages: str = "pages"
    cited_glossary: str = "glossary"
    cited_faq: str = "FAQ"
    cited_nothing: str = "nothing"
    no_address: str = "no address recorded"
    not_reported: str = "Not reported:"
    # The benchmark chart and table (explainer/benchmarks.py)
    bench_missing: str = "not reported"
    bench_chart_title: str = "Benchmark results from the gpt-oss model card: {models}"
    bench_figcaption: str = "<strong>Benchmark scores, higher is better.</strong> {setting}. The table below gives the same numbers."
    bench_caption: str = ("{setting}. Numbers as printed in the [gpt-oss model card](source:{source}); "
                          "the last column names the figure or table each row comes from.")
    bench_column: str = "Benchmark"
    bench_origin_column: str = "In the card"
    sources_heading: str = "Sources"
    last_reviewed: str = "Last reviewed"
    last_changed: str = "Page last changed"
    build_date: str = "build date"
    as_of: str = "As of"                          # the opening of a dated statement
    permalink: str = "Link to this section"
    kinds: dict[str, str] = field(default_factory=lambda: {
        "primary": "Primary sources",
        "report": "News reports",
        "analysis": "Analysis and independent evaluations",
    })
    kind_help: dict[str, str] = field(default_factory=lambda: {
        "primary": "The organisations and people who made the statement or the release: "
                   "their posts, papers, model cards, repositories and licences.",
        "report": "Journalism about the story, beside the primary sources, never in their place.",
        "analysis": "Commentary and independent evaluations.",
    })
    # llms.txt: None keeps the words of mkdocs.yml (plugins.explainer.llms); a translation
    # gives its own intro and section names (keyed by the English names there).
    llms_intro: str | None = None
    llms_sections: dict[str, str] = field(default_factory=dict)
    llms_other: str = "Pages"
    # The browser script (site.js): filter status, copy-link feedback, table labels.
    script: dict[str, str] = field(default_factory=lambda: {
        "noMatch": "No term matches \u201c{q}\u201d",
        "someMatch": "{shown} of {total} terms match",
        "allTerms": "{n} terms",
        "linkCopied": "Link copied",
        "linkCopiedStatus": "Link to \u201c{question}\u201d copied: {url}",
        "copyFailed": "Copy failed",
        "copyFailedStatus": "Could not copy. The link is {url}",
        "copyLink": "Copy link",
        "search": "Search",
        "table": "Table",
        "tableTitled": "Table: {title}",
    })

    def lead(self, label: str) -> str:
        """A label and what follows it: "Related: x" / "相關詞條：x" (no space after full-width punctuation)."""
        return label if label.endswith(("：", "，", "。")) else label + " "

    def date(self, iso: str) -> str:
        """A date as a reader of this language reads it: "5 August 2025" / "2025 年 8 月 5 日"."""
        m = ISO_DATE.match(iso)
        year, month, day = m.groups() if m else (iso, None, None)
        if self.months is None:
            if day:
                return f"{year} 年 {int(month)} 月 {int(day)} 日"
            return f"{year} 年 {int(month)} 月" if month else f"{year} 年"
        if day:
            return f"{int(day)} {self.months[int(month) - 1]} {year}"
        return f"{self.months[int(month) - 1]} {year}" if month else year

    def dated(self, opening: str, month: str) -> str:
        """A dated statement's marker in words: "As of November 2026" / "截至 2026 年 11 月"."""
        if self.months is None:
            return f"{self.as_of} {self.date(month.strip())}"
        # English keeps the marker's own case ("as of" inside a sentence).
        return f"{opening} {self.date(month.strip())}"


ENGLISH = Strings(language="en")

CHINESE = Strings(
    language="zh-TW",
    months=None,
    list_separator="、",
    also_called="又稱：",
    english_names="英文：",
    related="相關詞條：",
    source_one="資料來源：",
    source_many="資料來源：",
    see_also="延伸閱讀：",
    copy_link="複製連結",
    copy_link_label="複製這則回答的連結：{question}",
    questions_label="本頁問題",
    filter_label="篩選詞彙表",
    filter_placeholder="輸入詞彙、別名或英文",
    terms_count="共 {n} 個詞條",
    letters_label="依英文首字母瀏覽",
    cited_by="引用處：",
    cited_pages="頁面",
    cited_glossary="詞彙表",
    cited_faq="常見問題",
    cited_nothing="無",
    no_address="未記錄網址",
    not_reported="未公布：",
    bench_missing="未公布",
    bench_chart_title="gpt-oss 模型卡的基準測試結果：{models}",
    bench_figcaption="<strong>基準測試分數，越高越好。</strong>{setting}。下方表格列出相同的數字。",
    bench_caption=("{setting}。數字照 [gpt-oss 模型卡](source:{source})所印；"
                   "最後一欄註明每列數字出自模型卡的哪張圖或表。"),
    bench_column="基準測試",
    bench_origin_column="模型卡出處",
    sources_heading="資料來源",
    last_reviewed="最近審閱：",
    last_changed="本頁最後修改：",
    build_date="建置日期",
    as_of="截至",
    permalink="連結到本節",
    kinds={
        "primary": "第一手資料",
        "report": "新聞報導",
        "analysis": "分析與獨立評估",
    },
    kind_help={
        "primary": "發表聲明或釋出模型的機構與人士本身：他們的貼文、論文、模型卡、程式碼庫與授權條款。",
        "report": "關於這則新聞的報導，與第一手資料並列，不取而代之。",
        "analysis": "評論與獨立評估。",
    },
    llms_intro=("下方每個連結都是一頁的 Markdown 副本。文中的論點都連結到出處；詞彙表定義術語，"
                "常見問題回答讀者常問的問題，每則回答都有固定連結。"),
    llms_sections={"The story": "事件經過", "Reference": "參考資料"},
    llms_other="其他頁面",
    script={
        "noMatch": "沒有符合「{q}」的詞條",
        "someMatch": "{total} 個詞條中有 {shown} 個符合",
        "allTerms": "共 {n} 個詞條",
        "linkCopied": "已複製連結",
        "linkCopiedStatus": "已複製「{question}」的連結：{url}",
        "copyFailed": "複製失敗",
        "copyFailedStatus": "無法複製。連結是 {url}",
        "copyLink": "複製連結",
        "search": "搜尋",
        "table": "表格",
        "tableTitled": "表格：{title}",
    },
)


@dataclass(frozen=True)
class Edition:
    locale: str          # "en", "zh-TW": the suffix of its files and its address prefix
    default: bool        # the edition at the site root
    strings: Strings

    @property
    def prefix(self) -> str:
        """Its pages' address prefix, relative to the site root: "" or "zh-TW/"."""
        return "" if self.default else f"{self.locale}/"

    def src(self, base_src: str) -> str:
        """Its file for an English page: "delay.md" -> "delay.zh-TW.md"."""
        if self.default:
            return base_src
        stem, dot, ext = base_src.rpartition(".")
        return f"{stem}.{self.locale}.{ext}" if dot else f"{base_src}.{self.locale}"

    def base_src(self, src: str) -> str:
        """The English page a file of this edition translates: "delay.zh-TW.md" -> "delay.md"."""
        suffix = f".{self.locale}.md"
        return src[: -len(suffix)] + ".md" if not self.default and src.endswith(suffix) else src

    def url(self, base_url: str) -> str:
        """Its address for an English page's address: "delay/" -> "zh-TW/delay/"."""
        return self.prefix + base_url

    def base_url(self, url: str) -> str:
        """The English address of one of its pages: "zh-TW/delay/" -> "delay/"."""
        return url[len(self.prefix):] if self.prefix and url.startswith(self.prefix) else url


EN = Edition("en", True, ENGLISH)
ZH_TW = Edition("zh-TW", False, CHINESE)
EDITIONS: tuple[Edition, ...] = (EN, ZH_TW)
BY_LOCALE = {e.locale: e for e in EDITIONS}
# The language each edition declares (html lang, hreflang, JSON-LD inLanguage).
HREFLANG = {"en": "en", "zh-TW": "zh-Hant-TW"}
# Each edition named in its own language (the language menu).
MENU_NAMES = {"en": "English", "zh-TW": "中文（台灣）"}


def edition(locale: str | None) -> Edition:
    """The edition of a locale (None or unknown: the default, English)."""
    return BY_LOCALE.get(locale or "en", EN)


def edition_of_src(src: str) -> Edition:
    """The edition a docs file belongs to, from its suffix."""
    for e in EDITIONS:
        if not e.default and src.endswith(f".{e.locale}.md"):
            return e
    return EN


def edition_of_url(url: str) -> Edition:
    """The edition a page address belongs to, from its prefix."""
    for e in EDITIONS:
        if not e.default and (url + "/").startswith(e.prefix):
            return e
    return EN
