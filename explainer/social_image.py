"""Social preview cards: one 1200x630 PNG per page, drawn from its title with Pillow.

Nothing is downloaded: the text is set in DejaVu Sans from Debian's
fonts-dejavu-core package (installed by .ci/run and the deploy workflow). A
missing font stops the build with a message naming the file and the package,
rather than silently shipping cards in Pillow's tiny bitmap font.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import PIL
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_PACKAGE = "fonts-dejavu-core"
# Chinese cards (the zh-TW edition): WenQuanYi Micro Hei, Debian's fonts-wqy-microhei (1.6 MB;
# fonts-noto-cjk would be 57 MB), which covers Traditional Chinese and Latin; one face for both.
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CJK_FONT_PACKAGE = "fonts-wqy-microhei"

# Material's indigo palette: primary, a darker shade and light tints.
INDIGO = (63, 81, 181)          # #3f51b5, the site's primary colour
INDIGO_DARK = (40, 53, 147)     # #283593
INDIGO_TINT = (197, 202, 233)   # #c5cae9
WHITE = (255, 255, 255)

MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
BAND = 84                       # the footer band


class SocialImageError(RuntimeError):
    """A card cannot be drawn (a font is missing); the message says how to fix it."""


@dataclass(frozen=True)
class Card:
    title: str      # the page title, set large
    line: str       # one short line under it (the page summary, cut to fit)
    site_name: str  # top left, beside the mark
    address: str    # the page's address without the scheme, in the footer band


@dataclass(frozen=True)
class Fonts:
    """The two faces a card is set in."""
    bold: Path
    regular: Path

    package: str = FONT_PACKAGE

    @classmethod
    def in_dir(cls, font_dir: Path | str | None = None) -> "Fonts":
        """DejaVu Sans from `font_dir` (default: where Debian's fonts-dejavu-core puts it)."""
        if font_dir is None:
            return cls(FONT_BOLD, FONT_REGULAR)
        return cls(Path(font_dir) / FONT_BOLD.name, Path(font_dir) / FONT_REGULAR.name)

    @classmethod
    def for_language(cls, locale: str, font_dir: Path | str | None = None) -> "Fonts":
        """The faces for an edition's cards: DejaVu Sans, or a CJK face for Chinese."""
        if locale.startswith("zh"):
            return cls(CJK_FONT, CJK_FONT, CJK_FONT_PACKAGE)
        return cls.in_dir(font_dir)


def check_fonts(fonts: Fonts | None = None) -> None:
    """Every font the cards use is there and loads (a 0-byte or damaged file does not)."""
    fonts = fonts or Fonts.in_dir()
    for font in (fonts.bold, fonts.regular):
        if not font.is_file():
            raise SocialImageError(
                f"social cards need the font {font}, which is missing; "
                f"install the Debian package {fonts.package} (apt-get install {fonts.package})")
        try:
            # FreeTypeFont, not truetype(): truetype() falls back to a system font of the same name.
            ImageFont.FreeTypeFont(str(font), 12)
        except OSError as exc:
            raise SocialImageError(
                f"social cards need the font {font}, which cannot be loaded ({exc}); "
                f"reinstall the Debian package {fonts.package} (apt-get install --reinstall {fonts.package})") from exc


def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    if not path.is_file():
        check_fonts(Fonts(path, path))
    return ImageFont.truetype(str(path), size)


def typeset(text: str) -> str:
    """Printer's punctuation for display text: en dashes, curly quotes and apostrophes."""
    text = text.replace(" - ", " \u2013 ")
    text = re.sub(r"(?<=\w)'", "\u2019", text)
    text = re.sub(r"'(?=\w)", "\u2018", text)
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    return text.replace('"', "\u201d")


# A card shows at most a few short lines: longer text is cut before it is measured.
MAX_CARD_TEXT = 400


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, width: int, suffix: str = "") -> int:
    """How many characters of `text` (followed by `suffix`) fit in `width`: a binary search,
    so an overlong word costs a few measurements, not one per character."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.getlength(text[:mid] + suffix) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text[:MAX_CARD_TEXT].split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        while font.getlength(word) > width:  # a word wider than the card: broken where it must be
            cut = max(1, _longest_prefix(word, font, width))
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
    return lines


def _fit_lines(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Wrapped text, cut with an ellipsis after max_lines."""
    lines = _wrap(text, font, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while " " in last and font.getlength(last.rstrip(" ,;:-–—") + "…") > width:
        last = last.rsplit(" ", 1)[0]
    if font.getlength(last.rstrip(" ,;:-–—") + "…") > width:
        last = last[:_longest_prefix(last, font, width, "…")]
    kept[-1] = last.rstrip(" ,;:-–—") + "…"
    return kept


def _title_lines(title: str, fonts: Fonts) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in three lines."""
    for size in (72, 66, 60, 54, 50):
        font = _font(fonts.bold, size)
        lines = _wrap(title, font, TEXT_WIDTH)
        if len(lines) <= 3 and all(font.getlength(line) <= TEXT_WIDTH for line in lines):
            return font, lines
    return font, _fit_lines(title, font, TEXT_WIDTH, 3)


def _mark(size: int) -> Image.Image:
    """The site's mark, as in logo.svg: a white kettlebell whose body is a clock face.

    Drawn four times larger and scaled down, so its curves are smooth.
    """
    s = 4 * size / 32  # logo.svg is drawn on a 32-unit grid
    big = Image.new("RGBA", (4 * size, 4 * size), (0, 0, 0, 0))
    d = ImageDraw.Draw(big)

    def box(x0, y0, x1, y1):
        return [x0 * s, y0 * s, x1 * s, y1 * s]

    # Handle: the SVG's rounded rectangle, stroke 3.4 centred on its edge.
    d.rounded_rectangle(box(5.5, 0.5, 26.5, 18.9), radius=7.7 * s, outline=WHITE, width=round(3.4 * s))
    # Body: a disc with a flat base.
    d.ellipse(box(5, 9.5, 27, 31.5), fill=WHITE)
    d.rectangle(box(0, 30, 32, 32), fill=(0, 0, 0, 0))
    # Clock hands, with round ends, in the card's indigo.
    for end in ((16, 15), (20.3, 23)):
        d.line([(16 * s, 20.5 * s), (end[0] * s, end[1] * s)], fill=INDIGO, width=round(2.8 * s))
        d.ellipse(box(end[0] - 1.4, end[1] - 1.4, end[0] + 1.4, end[1] + 1.4), fill=INDIGO)
    d.ellipse(box(14.6, 19.1, 17.4, 21.9), fill=INDIGO)
    return big.resize((size, size), Image.Resampling.LANCZOS)


def render_card(card: Card, fonts: Fonts | None = None) -> Image.Image:
    fonts = fonts or Fonts.in_dir()
    img = Image.new("RGB", (WIDTH, HEIGHT), INDIGO)
    d = ImageDraw.Draw(img)

    # Header: the mark and the site name.
    mark = _mark(64)
    img.paste(mark, (MARGIN, 58), mark)
    name_font = _font(fonts.bold, 30)
    name = _fit_lines(typeset(card.site_name), name_font, TEXT_WIDTH - 88, 1)[0]
    d.text((MARGIN + 88, 90), name, font=name_font, fill=WHITE, anchor="lm")

    # The title, large, then the short line, both from the top of the text block.
    title_font, title_lines = _title_lines(typeset(card.title), fonts)
    line_font = _font(fonts.regular, 30)
    line_lines = _fit_lines(typeset(card.line), line_font, TEXT_WIDTH, 2) if card.line else []
    title_step = round(title_font.size * 1.18)
    line_step = 42
    block = len(title_lines) * title_step + (24 + len(line_lines) * line_step if line_lines else 0)
    top = 170 + max(0, (HEIGHT - BAND - 40 - 170 - block) // 2)
    # An accent rule ties the title to the header.
    d.rectangle([MARGIN, top - 26, MARGIN + 96, top - 20], fill=INDIGO_TINT)
    y = top
    for line in title_lines:
        d.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += title_step
    y += 24
    for line in line_lines:
        d.text((MARGIN, y), line, font=line_font, fill=INDIGO_TINT)
        y += line_step

    # Footer band: where the page lives.
    d.rectangle([0, HEIGHT - BAND, WIDTH, HEIGHT], fill=INDIGO_DARK)
    addr_font = _font(fonts.regular, 26)
    address = _fit_lines(card.address, addr_font, TEXT_WIDTH, 1)[0] if card.address else ""
    d.text((MARGIN, HEIGHT - BAND // 2), address, font=addr_font, fill=INDIGO_TINT, anchor="lm")
    return img


def _ramp(a: tuple, b: tuple, steps: int) -> list[tuple]:
    return [tuple(round(a[i] + (b[i] - a[i]) * k / (steps - 1)) for i in range(3)) for k in range(steps)]


def _palette() -> Image.Image:
    """Every colour a card uses: each text colour blended into its background.

    Mapping onto a fixed palette keeps the antialiased edges exact, the PNG small
    (about 20 KB) and the drawing fast; nothing has to be guessed by a quantizer.
    """
    colours = list(dict.fromkeys(
        _ramp(INDIGO, WHITE, 24) + _ramp(INDIGO, INDIGO_TINT, 12)
        + _ramp(INDIGO_DARK, INDIGO_TINT, 16) + _ramp(INDIGO, INDIGO_DARK, 4)))
    palette = Image.new("P", (1, 1))
    palette.putpalette([v for c in colours for v in c])
    return palette


def save_card(card: Card, path: Path | str, fonts: Fonts | None = None, cache_dir: Path | None = None) -> Path:
    """Draw a card and write it as a palette PNG. With `cache_dir`, a card drawn before
    from the same text, fonts, drawing code and Pillow is copied from there instead
    (drawing is about a tenth of a build); a new one is stored there."""
    fonts = fonts or Fonts.in_dir()
    return _save(card, Path(path), fonts, cache_dir / f"{card_key(card, fonts)}.png" if cache_dir else None)


def save_cards(cards: Iterable[tuple[Card, Path]], fonts: Fonts | None = None,
               cache_dir: Path | None = None, prune: bool = True) -> set[str]:
    """Every card of a build (card, where it goes), as save_card; afterwards (prune) the cache
    holds only the cards this build used. Returns the cache names it used (a build of several
    editions saves each edition's cards with prune=False, then calls prune_cache once)."""
    fonts = fonts or Fonts.in_dir()
    if cache_dir is None:
        for card, path in cards:
            _save(card, Path(path), fonts, None)
        return set()
    basis = _basis(fonts)  # the fonts are read and hashed once per build, not once per card
    used = set()
    for card, path in cards:
        cached = cache_dir / f"{_key(card, basis)}.png"
        used.add(cached.name)
        _save(card, Path(path), fonts, cached)
    if prune:
        prune_cache(cache_dir, used)
    return used


def prune_cache(cache_dir: Path, used: set[str]) -> None:
    """Drop the cached cards no page of the build uses."""
    for old in Path(cache_dir).glob("*.png"):
        if old.name not in used:
            old.unlink(missing_ok=True)


def _save(card: Card, path: Path, fonts: Fonts, cached: Path | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if cached:
        try:
            path.write_bytes(cached.read_bytes())
            return path
        except FileNotFoundError:
            pass  # not drawn yet (or pruned by another build meanwhile): draw it
    img = render_card(card, fonts).quantize(palette=_palette(), dither=Image.Dither.NONE)
    # Level 6: a tenth of level 9's time for about 10% more bytes (cards are ~15 KB).
    img.save(path, format="PNG", compress_level=6)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.tmp")
        partial.write_bytes(path.read_bytes())
        os.replace(partial, cached)  # whole or absent, even with two builds at once
    return path


def card_key(card: Card, fonts: Fonts) -> str:
    """Everything a card's pixels depend on, as a file name: its text, both font files,
    this module's drawing code and Pillow's version."""
    return _key(card, _basis(fonts))


def _basis(fonts: Fonts) -> bytes:
    """What every card depends on: the drawing code, Pillow's version and both fonts."""
    check_fonts(fonts)  # a missing or damaged font is named with its package
    h = hashlib.sha256(PIL.__version__.encode())
    for file in (Path(__file__), fonts.bold, fonts.regular):
        h.update(hashlib.sha256(file.read_bytes()).digest())
    return h.digest()


def _key(card: Card, basis: bytes) -> str:
    return hashlib.sha256(basis + repr(card).encode("utf-8")).hexdigest()[:32]
