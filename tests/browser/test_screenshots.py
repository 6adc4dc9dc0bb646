"""Evidence for reviewers: a full-page screenshot of every page (from sitemap.xml) on a
desktop (1280x800) and a phone (390x844), in the light and the dark palette.

    SCREENSHOTS=1 .venv/bin/python -m pytest tests/browser/test_screenshots.py

writes artifacts/screenshots/<viewport>-<palette>-<page>.png (40 files for 10 pages,
about a minute; artifacts/ is git-ignored and emptied at the start of each run). Without
SCREENSHOTS=1 these tests skip: the other browser tests already check what they show.
Each picture is also checked to be drawn in its palette (mostly light or mostly dark).
"""

from __future__ import annotations

import os

import pytest
from PIL import Image, ImageStat

from browser_helpers import choose_palette, color_scheme, wait_for_material
from conftest import clean_artifacts

WANTED = os.environ.get("SCREENSHOTS", "") not in ("", "0")
VIEWPORTS = {
    "desktop": dict(viewport={"width": 1280, "height": 800}),
    "phone": dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                  has_touch=True),
}
PALETTES = {"light": "default", "dark": "slate"}

pytestmark = pytest.mark.skipif(not WANTED, reason="screenshots are taken only with SCREENSHOTS=1")


@pytest.fixture(scope="module")
def folder():
    return clean_artifacts("screenshots")


def page_name(url: str, base_url: str) -> str:
    return url.removeprefix(base_url).strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_screenshot_every_page(browser, base_url, site_pages, folder, viewport, palette):
    context = browser.new_context(**VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(base_url)
    wait_for_material(page)
    choose_palette(page, palette)
    wrong = []
    for url in site_pages:
        page.goto(url)
        wait_for_material(page)
        assert color_scheme(page) == PALETTES[palette]
        path = folder / f"{viewport}-{palette}-{page_name(url, base_url)}.png"
        page.screenshot(path=path, full_page=True, animations="disabled")
        with Image.open(path) as image:
            brightness = ImageStat.Stat(image.convert("L")).mean[0] / 255
        if (brightness > 0.5) != (palette == "light"):
            wrong.append(f"{path.name}: mean brightness {brightness:.2f}")
    context.close()
    assert not wrong, wrong
