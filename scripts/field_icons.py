"""Draw the field app's icons (baqylau/field/static/field/): 192 and 512 pixels, and a maskable
512 whose drawing keeps inside the safe zone (the inner 80 %). Run once; the PNGs are committed.

    uv run python scripts/field_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (19, 64, 110)  # --brand in css/baqylau.css
ACCENT = (240, 180, 41)  # --accent
WHITE = (255, 255, 255)
FOLDER = Path(__file__).resolve().parent.parent / "baqylau" / "field" / "static" / "field"


def draw(size: int, *, maskable: bool) -> Image.Image:
    image = Image.new("RGB", (size, size), BRAND)
    pen = ImageDraw.Draw(image)
    # The mark: a ring (the site's ◉) with a check inside, smaller in the maskable icon.
    scale = 0.56 if maskable else 0.72
    radius = size * scale / 2
    centre = size / 2
    width = max(2, round(size * 0.06))
    pen.ellipse(
        [centre - radius, centre - radius, centre + radius, centre + radius],
        outline=ACCENT,
        width=width,
    )
    inner = radius * 0.55
    pen.line(
        [
            (centre - inner, centre),
            (centre - inner * 0.25, centre + inner * 0.7),
            (centre + inner, centre - inner * 0.6),
        ],
        fill=WHITE,
        width=width,
        joint="curve",
    )
    return image


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(FOLDER / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(FOLDER / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(FOLDER / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
