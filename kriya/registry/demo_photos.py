"""Product photos for the demo, drawn at seed time (nothing may be downloaded, and no
real photographs are kept in the repository).

`demo_photo(product)` draws a picture that shows the product's technique and motif —
parang, kawung, truntum, mega mendung, sekar jagad and Probolinggo's own motifs of
reference.yaml (anggur, batu-batuan, letusan Gunung Bromo, banjir bandang) — in batik
colours: hand-drawn lines with wax crackle for batik tulis, stamped repeats slightly out
of register for batik cap, crisp flat repeats for printing, satin stitches for bordir,
a woven ground with an ikat band for tenun. Clothing is shown as a garment on a plain
backdrop, cloth as a length of fabric with its border. The same product always gets the
same picture (the random numbers are seeded by its name). The file is a PNG that the
seed hands to `kriya.core.images.process_image`, the path an upload takes.
"""

from __future__ import annotations

import hashlib
import io
import math
import random

from PIL import Image, ImageChops, ImageDraw

SIZE = 560  # drawn at this size, stored at PHOTO_SIZE (the downscale smooths the lines)
PHOTO_SIZE = 400

# Believable batik colours: (ground, ink, accent, second accent).
PALETTES = {
    "soga": [(233, 216, 180), (52, 36, 30), (139, 84, 38), (96, 58, 30)],
    "soga_dark": [(104, 60, 30), (238, 224, 196), (186, 128, 62), (40, 28, 26)],
    "indigo": [(30, 44, 84), (236, 228, 206), (112, 146, 190), (196, 160, 96)],
    "pesisir_red": [(160, 30, 42), (244, 232, 206), (36, 106, 72), (226, 176, 58)],
    "pandalungan_green": [(24, 96, 74), (244, 226, 160), (196, 64, 52), (236, 236, 220)],
    "mega_blue": [(176, 34, 44), (20, 44, 96), (236, 240, 246), (60, 110, 170)],
    "natural": [(205, 172, 122), (84, 52, 30), (120, 96, 56), (62, 72, 50)],
    "natural_red": [(228, 208, 172), (124, 48, 36), (176, 98, 54), (70, 60, 40)],
    "natural_green": [(204, 194, 146), (58, 68, 40), (150, 128, 70), (112, 62, 32)],
    "black": [(34, 32, 36), (232, 222, 198), (168, 120, 60), (120, 40, 40)],
    "printing": [(16, 112, 160), (250, 250, 250), (244, 184, 36), (220, 70, 90)],
    "printing_pink": [(214, 72, 110), (252, 246, 240), (40, 40, 60), (250, 206, 60)],
}
BORDIR_GROUNDS = [(246, 244, 238), (235, 222, 226), (214, 230, 228), (30, 32, 40), (226, 232, 244)]
BORDIR_THREADS = [(190, 40, 80), (40, 110, 90), (212, 164, 60), (90, 70, 150), (230, 230, 230)]
TENUN_STRIPES = [
    [(120, 24, 30), (30, 30, 36), (210, 160, 60), (240, 230, 210)],
    [(26, 50, 92), (200, 190, 170), (150, 40, 40), (20, 20, 24)],
    [(60, 90, 50), (226, 200, 120), (110, 40, 30), (236, 226, 200)],
]

GARMENTS = {"kemeja", "blus", "outer", "dress", "daster", "baju"}


def _rng(product) -> random.Random:
    key = f"{product.name}|{product.technique}|{product.motif}|{product.sector}"
    return random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))


class Pen:
    """Draws lines and shapes the way the technique would: wobbly by hand (tulis),
    exact (cap, printing)."""

    def __init__(self, draw: ImageDraw.ImageDraw, rng: random.Random, wobble: float):
        self.draw, self.rng, self.wobble = draw, rng, wobble

    def _j(self, value):
        return value + self.rng.uniform(-self.wobble, self.wobble) if self.wobble else value

    def line(self, points, fill, width):
        pts = [(self._j(x), self._j(y)) for x, y in points]
        w = max(1, round(width + (self.rng.uniform(-0.6, 0.6) if self.wobble else 0)))
        self.draw.line(pts, fill=fill, width=w, joint="curve")

    def ellipse(self, box, fill=None, outline=None, width=1):
        x0, y0, x1, y1 = box
        self.draw.ellipse(
            (self._j(x0), self._j(y0), self._j(x1), self._j(y1)),
            fill=fill,
            outline=outline,
            width=width,
        )

    def polygon(self, points, fill=None, outline=None, width=1):
        self.draw.polygon(
            [(self._j(x), self._j(y)) for x, y in points], fill=fill, outline=outline, width=width
        )

    def dot(self, x, y, r, fill):
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def _cells(step, *, stagger=False, margin=1):
    """Centres of a grid covering the canvas (every other row shifted with stagger)."""
    rows = range(-margin, SIZE // step + margin + 1)
    for row in rows:
        shift = step / 2 if stagger and row % 2 else 0
        for col in range(-margin, SIZE // step + margin + 1):
            yield col * step + shift, row * step


def _arc_points(cx, cy, r, start, end, n=10):
    return [
        (cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
        for a in (start + (end - start) * i / n for i in range(n + 1))
    ]


# --- Motifs: each draws the whole canvas ---------------------------------------------


def parang(img, pen, pal, rng, offset):
    """Parang rusak: diagonal rows of interlocking half-moon blades, each with its inner
    flame line, the rows parted by a strip of mlinjon lozenges."""
    big = Image.new("RGB", (SIZE * 3 // 2, SIZE * 3 // 2), pal[0])
    draw = ImageDraw.Draw(big)
    band, strip, width = 76, 16, 64

    def j(value):
        return pen._j(value)

    for row, y0 in enumerate(range(0, big.height, band + strip)):
        dx, dy = offset()
        y0 += dy
        shift = (width // 2 if row % 2 else 0) + dx
        for x in range(-width * 2, big.width + width, width):
            x += shift
            upper = (j(x), j(y0), j(x + width), j(y0 + band))
            lower = (j(x + width / 2), j(y0), j(x + width * 1.5), j(y0 + band))
            draw.pieslice(upper, 180, 360, fill=pal[2], outline=pal[1], width=3)
            draw.pieslice(lower, 0, 180, fill=pal[3], outline=pal[1], width=3)
            inner = 12
            draw.arc((upper[0] + inner, upper[1] + inner, upper[2] - inner, upper[3] - inner),
                     200, 340, fill=pal[0], width=3)  # fmt: skip
            draw.arc((lower[0] + inner, lower[1] + inner, lower[2] - inner, lower[3] - inner),
                     20, 160, fill=pal[0], width=3)  # fmt: skip
        top = y0 + band
        draw.line([(0, top + 1), (big.width, top + 1)], fill=pal[1], width=3)
        draw.line([(0, top + strip - 1), (big.width, top + strip - 1)], fill=pal[1], width=3)
        for x in range(-20, big.width + 20, 22):
            x += shift
            mid = top + strip / 2
            draw.polygon([(x, mid - 5), (x + 6, mid), (x, mid + 5), (x - 6, mid)], fill=pal[1])
    big = big.rotate(45, resample=Image.Resampling.BILINEAR)
    left = (big.width - SIZE) // 2
    img.paste(big.crop((left, left, left + SIZE, left + SIZE)))


def kawung(img, pen, pal, rng, offset):
    """Four oval palm fruits around a centre, repeated on a diagonal grid."""
    step = 92
    for cx, cy in _cells(step, stagger=False):
        dx, dy = offset()
        cx, cy = cx + dx, cy + dy
        for ax, ay in ((0, -1), (1, 0), (0, 1), (-1, 0)):
            ox, oy = cx + ax * step * 0.25, cy + ay * step * 0.25
            rx, ry = (step * 0.22, step * 0.13) if ax else (step * 0.13, step * 0.22)
            pen.ellipse((ox - rx, oy - ry, ox + rx, oy + ry), fill=pal[2], outline=pal[1], width=3)
            pen.dot(ox, oy, 3, pal[1])
        pen.dot(cx, cy, 5, pal[3])
        for ax, ay in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
            pen.dot(cx + ax * step / 2, cy + ay * step / 2, 4, pal[1])


def truntum(img, pen, pal, rng, offset):
    """Small star-like flowers scattered on a dark ground."""
    step = 46
    for cx, cy in _cells(step, stagger=True):
        dx, dy = offset()
        cx, cy = cx + dx, cy + dy
        r = 9
        for k in range(8):
            a = math.radians(k * 45)
            pen.dot(cx + r * math.cos(a), cy + r * math.sin(a), 3, pal[1])
        pen.dot(cx, cy, 3, pal[2])
    for cx, cy in _cells(step, stagger=True):
        x, y = cx + step / 2, cy + step / 2 - 8
        pen.line([(x - 4, y), (x + 4, y)], pal[1], 1)
        pen.line([(x, y - 4), (x, y + 4)], pal[1], 1)


def _cloud(pen, cx, cy, scale, colours):
    lobes = [
        (-1.2, 0.2, 0.55),
        (-0.5, -0.35, 0.7),
        (0.35, -0.3, 0.65),
        (1.1, 0.15, 0.55),
        (0, 0.3, 0.6),
    ]
    for k, colour in enumerate(colours):
        shrink = 1 - k * 0.15
        for lx, ly, lr in lobes:
            r = lr * scale * shrink
            pen.ellipse(
                (
                    cx + lx * scale - r,
                    cy + ly * scale - r,
                    cx + lx * scale + r,
                    cy + ly * scale + r,
                ),
                fill=colour,
            )


def mega_mendung(img, pen, pal, rng, offset):
    """Layered clouds in graded shades (Cirebon), on red or indigo."""
    dark, light = pal[1], pal[2]
    colours = [
        tuple(round(d + (b - d) * i / 5) for d, b in zip(dark, light, strict=True))
        for i in range(6)
    ]
    for cx, cy in _cells(150, stagger=True):
        dx, dy = offset()
        _cloud(pen, cx + dx + rng.uniform(-10, 10), cy + dy, 52, colours)


def sekar_jagad(img, pen, pal, rng, offset):
    """A patchwork 'map of the world': irregular islands, each with its own filling."""
    step = 112
    n = SIZE // step + 2
    corners = {
        (i, j): (i * step + rng.uniform(-26, 26), j * step + rng.uniform(-26, 26))
        for i in range(-1, n)
        for j in range(-1, n)
    }
    fills = [pal[0], pal[2], pal[3], tuple(min(255, c + 40) for c in pal[2])]
    for i in range(-1, n - 1):
        for j in range(-1, n - 1):
            quad = [corners[i, j], corners[i + 1, j], corners[i + 1, j + 1], corners[i, j + 1]]
            ground = fills[(i * 3 + j) % len(fills)]
            pen.polygon(quad, fill=ground, outline=pal[1], width=3)
            cx = sum(p[0] for p in quad) / 4
            cy = sum(p[1] for p in quad) / 4
            ink = pal[1] if ground != pal[1] else pal[0]
            kind = (i + 2 * j) % 4
            for gx in range(-2, 3):
                for gy in range(-2, 3):
                    x, y = cx + gx * 16, cy + gy * 16
                    if kind == 0:
                        pen.dot(x, y, 2.5, ink)
                    elif kind == 1 and gx % 2 == 0:
                        pen.line([(x - 6, y), (x + 6, y)], ink, 2)
                    elif kind == 2 and (gx + gy) % 2 == 0:
                        pen.ellipse((x - 5, y - 5, x + 5, y + 5), outline=ink, width=2)
                    elif kind == 3 and gx == 0 and gy == 0:
                        for k in range(6):
                            a = math.radians(k * 60)
                            pen.ellipse((x + 14 * math.cos(a) - 7, y + 14 * math.sin(a) - 7,
                                         x + 14 * math.cos(a) + 7, y + 14 * math.sin(a) + 7),
                                        fill=ink)  # fmt: skip


def anggur(img, pen, pal, rng, offset):
    """Probolinggo's grapes: winding vines with bunches and leaves."""
    for row, y0 in enumerate(range(-40, SIZE + 80, 120)):
        dx, dy = offset()
        vine = [
            (x, y0 + dy + 18 * math.sin((x + row * 50) / 40)) for x in range(-20, SIZE + 40, 12)
        ]
        pen.line(vine, pal[3], 4)
        for k, (x, y) in enumerate(vine[2::8]):
            x += dx
            if k % 2:  # a leaf
                pen.polygon([(x, y), (x + 20, y - 26), (x + 6, y - 22), (x + 2, y - 38),
                             (x - 8, y - 22), (x - 22, y - 24)], fill=pal[3], outline=pal[1], width=2)  # fmt: skip
                continue
            for r, cols in enumerate((4, 3, 2, 1)):
                for c in range(cols):
                    gx = x + (c - (cols - 1) / 2) * 13
                    gy = y + 10 + r * 12
                    pen.ellipse(
                        (gx - 7, gy - 7, gx + 7, gy + 7), fill=pal[2], outline=pal[1], width=2
                    )
                    pen.dot(gx - 2, gy - 2, 1.5, pal[0])


def batu_batuan(img, pen, pal, rng, offset):
    """Rounded stones packed together, each dotted inside (isen cecek)."""
    for cx, cy in _cells(64, stagger=True):
        dx, dy = offset()
        cx, cy = cx + dx + rng.uniform(-6, 6), cy + dy + rng.uniform(-6, 6)
        r = rng.uniform(22, 30)
        stone = [
            (
                cx + r * rng.uniform(0.8, 1.05) * math.cos(a),
                cy + r * rng.uniform(0.75, 1.0) * math.sin(a),
            )
            for a in (math.radians(k * 40) for k in range(9))
        ]
        pen.polygon(stone, fill=pal[2] if rng.random() < 0.6 else pal[3], outline=pal[1], width=3)
        for _ in range(4):
            pen.dot(cx + rng.uniform(-r / 2, r / 2), cy + rng.uniform(-r / 2, r / 2), 1.6, pal[0])


def letusan_bromo(img, pen, pal, rng, offset):
    """Rows of volcanoes with their smoke rising, the sea of sand dotted below."""
    for row, base in enumerate(range(130, SIZE + 140, 140)):
        dx, dy = offset()
        for x in range(-60 + (70 if row % 2 else 0), SIZE + 80, 150):
            x += dx
            y = base + dy
            pen.polygon([(x - 62, y), (x - 12, y - 70), (x + 12, y - 70), (x + 62, y)],
                        fill=pal[2], outline=pal[1], width=3)  # fmt: skip
            for k in range(5):  # the crater's ridges
                pen.line([(x - 10 + k * 5, y - 68), (x - 30 + k * 15, y - 4)], pal[1], 1)
            for k in range(4):  # smoke
                r = 9 + k * 4
                pen.ellipse((x - r + k * 7, y - 82 - k * 16 - r, x + r + k * 7, y - 82 - k * 16 + r),
                            fill=pal[3], outline=pal[1], width=2)  # fmt: skip
            for _ in range(10):
                pen.dot(x + rng.uniform(-70, 70), y + rng.uniform(6, 28), 1.8, pal[1])


def banjir_bandang(img, pen, pal, rng, offset):
    """Flowing bands of water with curling crests."""
    colours = [pal[0], pal[2], pal[3], pal[1]]
    waves = []
    for k, y0 in enumerate(range(-40, SIZE + 60, 38)):
        dx, dy = offset()
        waves.append(
            [
                (x, y0 + dy + 16 * math.sin((x + k * 37 + dx) / 45))
                for x in range(-20, SIZE + 30, 10)
            ]
        )
    for k in range(len(waves) - 1):
        pen.polygon(waves[k] + waves[k + 1][::-1], fill=colours[k % 3])
        pen.line(waves[k], pal[1], 2)
        for x, y in waves[k][3::9]:
            pen.line(_arc_points(x, y - 7, 7, 90, 400, 12), pal[1], 2)


MOTIFS = {
    "parang": parang,
    "kawung": kawung,
    "truntum": truntum,
    "mega mendung": mega_mendung,
    "megamendung": mega_mendung,
    "sekar jagad": sekar_jagad,
    "anggur": anggur,
    "batu": batu_batuan,
    "bromo": letusan_bromo,
    "banjir": banjir_bandang,
}


def motif_painter(motif: str, rng: random.Random):
    words = (motif or "").lower()
    for key, painter in MOTIFS.items():
        if key in words:
            return painter
    return rng.choice(list(MOTIFS.values()))


# A colour named in the product's name decides the palette, so the photo shows it.
NAMED_COLOURS = {
    "indigo": "indigo",
    "biru": "indigo",
    "soga": "soga",
    "merah": "pesisir_red",
    "hijau": "pandalungan_green",
    "cokelat": "soga_dark",
    "hitam": "black",
}


def _palette(product, rng, painter) -> list[tuple]:
    name = (product.name or "").lower()
    for word, palette in NAMED_COLOURS.items():
        if word in name:
            return PALETTES[palette]
    if product.technique == "printing":
        return PALETTES[rng.choice(["printing", "printing_pink"])]
    if painter is mega_mendung:
        return PALETTES["mega_blue"] if rng.random() < 0.6 else PALETTES["indigo"]
    if product.dye == "natural":
        return PALETTES[rng.choice(["natural", "natural_red", "natural_green", "indigo"])]
    if painter in (parang, kawung, truntum):  # the classical colours of the courts
        return PALETTES[rng.choice(["soga", "soga_dark", "indigo", "black"])]
    # Probolinggo's Pandalungan batik is coastal (pesisiran): bright colours.
    return PALETTES[rng.choice(["pesisir_red", "pandalungan_green", "indigo", "soga", "black"])]


def _crackle(img, rng, colour, lines):
    """The fine veins where the wax cracked and the dye crept in (batik tulis and cap)."""
    draw = ImageDraw.Draw(img, "RGBA")
    for _ in range(lines):
        x, y = rng.uniform(0, SIZE), rng.uniform(0, SIZE)
        points = [(x, y)]
        for _ in range(rng.randint(3, 7)):
            x += rng.uniform(-30, 30)
            y += rng.uniform(-30, 30)
            points.append((x, y))
        draw.line(points, fill=(*colour, 70), width=1)


def batik(product, rng) -> Image.Image:
    painter = motif_painter(product.motif, rng)
    pal = _palette(product, rng, painter)
    img = Image.new("RGB", (SIZE, SIZE), pal[0])
    technique = product.technique or "tulis"
    wobble = {"tulis": 1.6, "kombinasi": 0.8}.get(technique, 0)
    slip = {"cap": 2, "kombinasi": 1}.get(technique, 0)

    def offset():  # a cap stamp is never quite in register
        return (rng.uniform(-slip, slip), rng.uniform(-slip, slip)) if slip else (0, 0)

    painter(img, Pen(ImageDraw.Draw(img), rng, wobble), pal, rng, offset)
    if technique in ("tulis", "kombinasi"):
        draw = ImageDraw.Draw(img)
        for _ in range(160):  # isen cecek: dots by hand
            x, y = rng.uniform(0, SIZE), rng.uniform(0, SIZE)
            draw.ellipse((x - 1.2, y - 1.2, x + 1.2, y + 1.2), fill=pal[1])
    if technique != "printing":
        _crackle(img, rng, pal[1], 40 if technique == "cap" else 24)
    return img


def bordir(product, rng) -> Image.Image:
    """Satin-stitched flowers and a running-stitch border on plain cloth."""
    ground = rng.choice(BORDIR_GROUNDS)
    thread, leaf = rng.sample(BORDIR_THREADS, 2)
    img = Image.new("RGB", (SIZE, SIZE), ground)
    draw = ImageDraw.Draw(img)
    for y in range(0, SIZE, 3):  # the weave of the cloth
        draw.line([(0, y), (SIZE, y)], fill=tuple(max(0, c - 8) for c in ground), width=1)
    for cx, cy in _cells(150, stagger=True, margin=0):
        cx += rng.uniform(-8, 8)
        for k in range(6):
            a = math.radians(k * 60 + 15)
            px, py = cx + 26 * math.cos(a), cy + 26 * math.sin(a)
            for s in range(-9, 10, 2):  # satin stitches across the petal
                ox, oy = s * math.cos(a + math.pi / 2), s * math.sin(a + math.pi / 2)
                length = 17 * math.sqrt(max(0.0, 1 - (s / 10) ** 2))
                draw.line([(px + ox - length * math.cos(a), py + oy - length * math.sin(a)),
                           (px + ox + length * math.cos(a), py + oy + length * math.sin(a))],
                          fill=thread, width=2)  # fmt: skip
        for k in range(7):  # french knots in the heart
            a = math.radians(k * 51)
            draw.ellipse((cx + 6 * math.cos(a) - 3, cy + 6 * math.sin(a) - 3,
                          cx + 6 * math.cos(a) + 3, cy + 6 * math.sin(a) + 3), fill=leaf)  # fmt: skip
        for side in (-1, 1):  # leaves
            lx, ly = cx + side * 60, cy + 40
            for s in range(-5, 6, 2):
                draw.line([(lx - 14, ly + s), (lx + 14, ly + s * 0.3)], fill=leaf, width=2)
    for inset in (18, 28):  # a running-stitch border
        for x in range(inset, SIZE - inset, 12):
            for y in (inset, SIZE - inset):
                draw.line([(x, y), (x + 7, y)], fill=thread, width=2)
        for y in range(inset, SIZE - inset, 12):
            for x in (inset, SIZE - inset):
                draw.line([(x, y), (x, y + 7)], fill=thread, width=2)
    return img


def tenun(product, rng) -> Image.Image:
    """Weft stripes over a visible over-under weave, with a band of ikat lozenges."""
    colours = rng.choice(TENUN_STRIPES)
    img = Image.new("RGB", (SIZE, SIZE), colours[0])
    draw = ImageDraw.Draw(img)
    y = 0
    while y < SIZE:
        height = rng.choice((6, 10, 18, 34, 60))
        draw.rectangle((0, y, SIZE, y + height), fill=rng.choice(colours))
        y += height
    band_top, band = SIZE // 3, SIZE // 3
    draw.rectangle((0, band_top, SIZE, band_top + band), fill=colours[0])
    for cx in range(0, SIZE + 80, 80):  # ikat lozenges with their feathered edges
        cy = band_top + band // 2
        for k, colour in enumerate((colours[2], colours[3], colours[1])):
            r = 54 - k * 16
            step = 6
            for dy in range(-r, r + 1, step):
                half = max(2, (r - abs(dy)) + rng.randint(-3, 3))
                draw.rectangle((cx - half, cy + dy, cx + half, cy + dy + step - 1), fill=colour)
    weave = Image.new("L", (4, 4), 255)
    wd = ImageDraw.Draw(weave)
    wd.rectangle((0, 0, 1, 1), fill=205)
    wd.rectangle((2, 2, 3, 3), fill=205)
    row = Image.new("L", (SIZE, 4))
    for x in range(0, SIZE, 4):
        row.paste(weave, (x, 0))
    texture = Image.new("L", (SIZE, SIZE))
    for y in range(0, SIZE, 4):
        texture.paste(row, (0, y))
    return ImageChops.multiply(img, Image.merge("RGB", (texture, texture, texture)))


def _shade(img: Image.Image, rng) -> Image.Image:
    """Soft folds of the cloth: a gentle light-to-shade sweep."""
    gradient = Image.linear_gradient("L").resize((SIZE, SIZE)).rotate(rng.choice((0, 90, 180, 270)))
    shade = Image.new("RGB", (SIZE, SIZE), (0, 0, 0))
    mask = gradient.point(lambda v: v * 50 // 255)
    return Image.composite(shade, img, mask)


def _border(img: Image.Image, pal_ink, pal_ground):
    """The plain edge (pinggiran) of a length of cloth, with a row of tumpal triangles."""
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, SIZE - 46, SIZE, SIZE), fill=pal_ground)
    draw.line([(0, SIZE - 46), (SIZE, SIZE - 46)], fill=pal_ink, width=3)
    for x in range(0, SIZE, 28):
        draw.polygon(
            [(x, SIZE - 10), (x + 14, SIZE - 40), (x + 28, SIZE - 10)], outline=pal_ink, width=2
        )


def _garment(cloth: Image.Image, rng) -> Image.Image:
    """The cloth cut as a shirt, on a plain studio backdrop with a soft shadow."""
    backdrop = rng.choice(((236, 232, 226), (226, 230, 232), (240, 236, 230)))
    img = Image.new("RGB", (SIZE, SIZE), backdrop)
    s = SIZE / 560
    shape = [(180, 70), (240, 52), (280, 86), (320, 52), (380, 70), (500, 150), (456, 230),
             (410, 200), (410, 500), (150, 500), (150, 200), (104, 230), (60, 150)]  # fmt: skip
    shape = [(x * s, y * s) for x, y in shape]
    shadow = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(shadow).polygon([(x + 8, y + 10) for x, y in shape], fill=60)
    img = Image.composite(Image.new("RGB", (SIZE, SIZE), (0, 0, 0)), img, shadow)
    mask = Image.new("L", (SIZE, SIZE), 0)
    ImageDraw.Draw(mask).polygon(shape, fill=255)
    img.paste(cloth, (0, 0), mask)
    draw = ImageDraw.Draw(img)
    draw.line([(240, 52), (280, 120), (320, 52)], fill=(30, 30, 30), width=3)  # the collar
    draw.line([(280, 120), (280, 500)], fill=(30, 30, 30), width=2)  # the placket
    for y in range(160, 480, 60):
        draw.ellipse((274, y, 286, y + 12), fill=(240, 236, 226), outline=(60, 60, 60))
    return img


def draw_product(product) -> Image.Image:
    """The picture of one product (deterministic)."""
    rng = _rng(product)
    sector = product.sector
    if sector == "bordir":
        cloth = bordir(product, rng)
    elif sector == "tenun":
        cloth = tenun(product, rng)
    else:
        cloth = batik(product, rng)
    category = (product.category or "").lower()
    if any(word in category for word in GARMENTS):
        return _garment(_shade(cloth, rng), rng)
    if sector not in ("bordir", "tenun") and category in (
        "kain",
        "selendang",
        "sarung",
        "kain panjang",
    ):
        ground = PALETTES["soga"][0] if product.technique != "printing" else (250, 250, 250)
        _border(cloth, (60, 40, 30), ground)
    return _shade(cloth, rng)


def demo_photo(product) -> io.BytesIO:
    """The picture as a PNG file, ready for `process_image` (the path of an upload)."""
    buffer = io.BytesIO()
    picture = draw_product(product).resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.BILINEAR)
    picture.save(buffer, "PNG", compress_level=1)
    buffer.name = f"demo-{product.pk or 0}.png"
    buffer.seek(0)
    return buffer
