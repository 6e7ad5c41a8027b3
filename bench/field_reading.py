"""Details read from identity cards (issue 22): how often the value proposed to the officer is
the one printed. A set of cards is generated — random Vietnamese names, numbers and dates of
birth, printed in two typefaces, then degraded as scanners and phones degrade them (a slight
turn, blur, noise, JPEG compression) — read by ``dossiers.reading`` exactly as a scan is, and
each proposed value compared with what was printed. Reported: per field, the share proposed and
right (of all cards), and the share right among the proposals the reader is confident in
(≥ 0.8) — what the officer may confirm at a glance. No target is set by the issue; the numbers
are the yardstick for changes to the reader."""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Iterator

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thu", "Ngọc", "Quốc", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Mai", "Nam"]
GIVEN += ["Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Việt", "Yến", "Ánh", "Đạt"]
FONTS = ["DejaVuSans", "DejaVuSerif"]


def card(rng: random.Random) -> tuple[bytes, dict[str, str]]:
    """A generated card scan and the values printed on it."""
    year = rng.randint(1950, 2007)
    born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}"
    century = 0 if year < 2000 else 2
    number = f"{rng.randint(1, 96):03d}{century + rng.randint(0, 1)}{year % 100:02d}"
    number += f"{rng.randint(0, 999999):06d}"
    name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE), rng.choice(GIVEN)]).upper()
    face = rng.choice(FONTS)
    folder = "/usr/share/fonts/truetype/dejavu"
    font = ImageFont.truetype(f"{folder}/{face}.ttf", rng.randint(27, 33))
    bold = ImageFont.truetype(f"{folder}/{face}-Bold.ttf", rng.randint(31, 36))
    paper = tuple(rng.randint(215, 245) for _ in range(3))
    image = Image.new("RGB", (1011, 638), paper)
    draw = ImageDraw.Draw(image)
    ink = (rng.randint(0, 50),) * 3
    draw.text((300, 30), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=font, fill=ink)
    draw.text((420, 110), "CĂN CƯỚC CÔNG DÂN", font=bold, fill=(170, 25, 25))
    draw.text((330, 200), f"Số / No.: {number}", font=bold, fill=ink)
    draw.text((330, 270), "Họ và tên / Full name:", font=font, fill=ink)
    draw.text((330, 310), name, font=bold, fill=ink)
    draw.text((330, 380), f"Ngày sinh / Date of birth: {born}", font=font, fill=ink)
    image = image.rotate(rng.uniform(-2, 2), expand=True, fillcolor=paper)
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0, 0.9)))
    pixels = image.load()
    width, height = image.size
    for _ in range(width * height // 200):  # specks of dust and sensor noise
        x, y = rng.randrange(width), rng.randrange(height)
        shade = rng.randint(0, 255)
        pixels[x, y] = (shade, shade, shade)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=rng.randint(55, 90), dpi=(300, 300))
    return out.getvalue(), {"id_number": number, "full_name": name, "birth_date": born}


def run(quick: bool = False) -> Iterator[dict]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from motcua.dossiers import reading

    rng = random.Random(2026)
    n = 8 if quick else 120
    right = dict.fromkeys(reading.FIELDS[reading.ID_CARD], 0)
    confident = dict.fromkeys(right, 0)
    confident_right = dict.fromkeys(right, 0)
    seconds = []
    for _ in range(n):
        data, printed = card(rng)
        started = time.perf_counter()
        lines = reading.lines_of(data)
        kind = reading.kind_of(" ".join(w.text for line in lines for w in line))
        proposals = reading.propose(kind, lines) if kind == reading.ID_CARD else []
        seconds.append(time.perf_counter() - started)
        for proposal in proposals:
            good = proposal.value == printed[proposal.name]
            right[proposal.name] += good
            if proposal.confidence >= 0.8:
                confident[proposal.name] += 1
                confident_right[proposal.name] += good
    for name in right:
        yield {
            "bench": "field_reading",
            "metric": f"{name}_right",
            "value": round(100 * right[name] / n, 1),
            "unit": "% of cards",
            "target": None,
        }
        yield {
            "bench": "field_reading",
            "metric": f"{name}_right_when_confident",
            "value": round(100 * confident_right[name] / max(1, confident[name]), 1),
            "unit": f"% of {confident[name]} proposals ≥ 0.8",
            "target": None,
        }
    yield {
        "bench": "field_reading",
        "metric": "seconds_per_card",
        "value": round(sum(seconds) / len(seconds), 2),
        "unit": "s",
        "target": None,
    }
