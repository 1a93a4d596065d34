"""Generated plan documents for benchmarks and load tests, built from the four sample plans.

`generate_corpus(n, seed)` yields `(file name, text)` pairs: plans at every level (central,
province, bloc, district, commune, people's committee) with varied headers, numbers, issuers,
places, dates, titles and wording, that cite each other as real cascades do (a district plan
cites its province's plan by number). A small share are near-duplicates of an earlier one: a
re-typed copy (other tone placement, typos) or a draft (blank number, edited items). Some are
damaged as PDF extraction damages text (hard wraps, blank lines, `ƣ` for `ư`).

The wording comes from `plan_bank.json`, the sample plans' outlines as parsed by the pipeline
(rebuild with `python -m kehoach.testing.generate --rebuild-bank examples/corpus`).
Deterministic for a given seed.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

BANK = Path(__file__).with_name("plan_bank.json")

PROVINCES: dict[str, tuple[str, list[str]]] = {
    "Lâm Đồng": ("Đà Lạt", ["Đức Trọng", "Di Linh", "Lâm Hà", "Bảo Lâm", "Đơn Dương"]),
    "Nghệ An": ("Vinh", ["Diễn Châu", "Quỳnh Lưu", "Yên Thành", "Nghi Lộc", "Đô Lương"]),
    "Thanh Hóa": ("Thanh Hóa", ["Hoằng Hóa", "Quảng Xương", "Tĩnh Gia", "Thọ Xuân", "Nga Sơn"]),
    "Quảng Nam": ("Tam Kỳ", ["Điện Bàn", "Duy Xuyên", "Thăng Bình", "Núi Thành", "Đại Lộc"]),
    "Đắk Lắk": ("Buôn Ma Thuột", ["Cư M'gar", "Krông Pắc", "Ea Kar", "Krông Búk", "Lắk"]),
    "Bình Định": ("Quy Nhơn", ["Tuy Phước", "Phù Cát", "Hoài Nhơn", "An Nhơn", "Tây Sơn"]),
    "Hà Tĩnh": ("Hà Tĩnh", ["Cẩm Xuyên", "Thạch Hà", "Can Lộc", "Hương Khê", "Kỳ Anh"]),
    "Thái Bình": ("Thái Bình", ["Đông Hưng", "Hưng Hà", "Quỳnh Phụ", "Tiền Hải", "Vũ Thư"]),
    "Nam Định": ("Nam Định", ["Hải Hậu", "Giao Thủy", "Xuân Trường", "Ý Yên", "Nghĩa Hưng"]),
    "Quảng Ninh": ("Hạ Long", ["Đông Triều", "Quảng Yên", "Vân Đồn", "Tiên Yên", "Hải Hà"]),
    "Kiên Giang": ("Rạch Giá", ["Châu Thành", "Gò Quao", "Hòn Đất", "Phú Quốc", "Tân Hiệp"]),
    "Sơn La": ("Sơn La", ["Mộc Châu", "Mai Sơn", "Thuận Châu", "Yên Châu", "Sông Mã"]),
    "Phú Thọ": ("Việt Trì", ["Lâm Thao", "Phù Ninh", "Thanh Ba", "Cẩm Khê", "Tam Nông"]),
    "Đồng Tháp": ("Cao Lãnh", ["Lấp Vò", "Tháp Mười", "Tam Nông", "Châu Thành", "Lai Vung"]),
    "Gia Lai": ("Pleiku", ["Chư Păh", "Ia Grai", "Đức Cơ", "Chư Sê", "Mang Yang"]),
}
COMMUNES = ["Hiệp An", "Tân Hội", "Phú Hội", "Liên Hiệp", "Ninh Gia", "Tà Năng", "Đa Quyn", "Bình Thạnh",
            "Tân Thành", "Hòa Bình", "An Phú", "Xuân Lộc", "Thạnh Mỹ", "Quảng Lập", "Ka Đô", "Phú Sơn"]  # fmt: skip
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lương",
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Hồng", "Ngọc", "Xuân", "Công", "Thành"]
GIVEN = ["Mừng", "Khánh", "Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Hải", "Bình", "Sơn", "Thủy", "Hòa", "Phúc",
         "Nam", "Long", "Trung", "Quý", "Tâm", "Hiền", "Thắng"]  # fmt: skip
TOPICS = [
    "thông tin, tuyên truyền về công tác xây dựng Đảng, xây dựng hệ thống chính trị năm {y}",
    "tuyên truyền, học tập, quán triệt Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
    "đẩy mạnh công tác tuyên truyền Nghị quyết Đại hội Đảng bộ tỉnh và kết quả bầu cử đại biểu Quốc hội, "
    "đại biểu Hội đồng nhân dân các cấp",
    "triển khai thực hiện Kết luận số 21-KL/TW của Hội nghị Trung ương 4 khóa XIII về đẩy mạnh xây dựng, "
    "chỉnh đốn Đảng và hệ thống chính trị",
    "tổ chức các hoạt động kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam năm {y}",
    "tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch năm {y}",
    "thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh năm {y}",
    "công tác dân vận của hệ thống chính trị năm {y}",
    "tuyên truyền công tác phòng, chống tham nhũng, tiêu cực năm {y}",
    "chuyển đổi số trong các cơ quan đảng, đoàn thể năm {y}",
    "tuyên truyền kỷ niệm các ngày lễ lớn, sự kiện lịch sử quan trọng năm {y}",
    "nâng cao chất lượng sinh hoạt chi bộ giai đoạn {y}-{y2}",
]
SYNONYMS: list[list[str]] = [
    ["đẩy mạnh", "tăng cường", "tiếp tục đẩy mạnh"],
    ["cán bộ, đảng viên", "cán bộ, đảng viên và Nhân dân", "đội ngũ cán bộ, đảng viên"],
    ["nâng cao", "từng bước nâng cao", "không ngừng nâng cao"],
    ["kịp thời", "thường xuyên, kịp thời", "nhanh chóng, kịp thời"],
    ["triển khai", "tổ chức triển khai", "chủ động triển khai"],
    ["hiệu quả", "thiết thực, hiệu quả", "có hiệu quả"],
    ["các cấp", "các cấp, các ngành", "các cấp ủy, tổ chức đảng"],
    ["quán triệt", "học tập, quán triệt", "nghiên cứu, quán triệt"],
    ["góp phần", "nhằm góp phần", "qua đó góp phần"],
    ["bảo đảm", "đảm bảo"],
    ["tuyên truyền", "thông tin, tuyên truyền", "tuyên truyền, phổ biến"],
    ["tích cực", "chủ động, tích cực", "tích cực, chủ động"],
    ["phối hợp", "phối hợp chặt chẽ", "chủ trì, phối hợp"],
    ["hướng dẫn", "chỉ đạo, hướng dẫn", "hướng dẫn, đôn đốc"],
    ["kiểm tra", "kiểm tra, giám sát", "theo dõi, kiểm tra"],
    ["nhân dân", "quần chúng nhân dân", "các tầng lớp nhân dân"],
    ["đổi mới", "tiếp tục đổi mới", "đổi mới mạnh mẽ"],
    ["xây dựng", "xây dựng, củng cố"],
    ["sâu rộng", "rộng rãi", "sâu rộng, thiết thực"],
    ["cơ quan, đơn vị", "cơ quan, đơn vị, địa phương", "các cơ quan, đơn vị"],
    ["nghiêm túc", "nghiêm túc, đầy đủ", "nghiêm túc, có chất lượng"],
    ["tổ chức thực hiện", "triển khai thực hiện", "thực hiện"],
    ["báo cáo", "báo cáo kết quả", "tổng hợp, báo cáo"],
    ["chỉ đạo", "lãnh đạo, chỉ đạo", "chỉ đạo sát sao"],
    ["phát huy", "tiếp tục phát huy", "phát huy mạnh mẽ"],
]
FILLERS = [
    "Định kỳ 6 tháng, cuối năm báo cáo kết quả thực hiện về Ban Thường vụ.",
    "Kịp thời phản ánh những khó khăn, vướng mắc phát sinh trong quá trình thực hiện.",
    "Gắn với việc thực hiện nhiệm vụ chính trị của địa phương, đơn vị.",
    "Chú trọng tuyên truyền trên nền tảng số, mạng xã hội.",
    "Biểu dương, khen thưởng kịp thời các tập thể, cá nhân có thành tích tiêu biểu.",
    "Bảo đảm thiết thực, tiết kiệm, tránh hình thức.",
    "Lồng ghép trong sinh hoạt chi bộ định kỳ hằng tháng.",
    "Phát huy vai trò nêu gương của người đứng đầu cấp ủy, cơ quan, đơn vị.",
    "Nắm bắt tình hình tư tưởng cán bộ, đảng viên và Nhân dân để kịp thời định hướng.",
    "Huy động sự tham gia của Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội.",
    "Xây dựng chuyên mục trên trang thông tin điện tử của cơ quan, đơn vị.",
    "Tổ chức hội nghị sơ kết, rút kinh nghiệm sau mỗi đợt tuyên truyền.",
]
_TONE_OLD_NEW = [("ủy", "uỷ"), ("Ủy", "Uỷ"), ("hòa", "hoà"), ("Hòa", "Hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"),
                 ("quý", "quí"), ("hóa", "hoá")]  # fmt: skip


@dataclass
class Issuer:
    """Who issues a generated plan, and how its header and preamble name it."""

    level: str  # central | province | bloc | district | commune | state
    body_caps: str  # the issuing-body header line
    parent_caps: str | None  # the superior line
    code: str  # symbol issuer code: TU, HU, ĐUK …
    body: str  # as the preamble and the closing name it
    place: str
    province: str | None = None
    district: str | None = None
    state: bool = False


@dataclass
class Issued:
    number_symbol: str
    date: tuple[int, int, int]
    body: str
    title: str


@lru_cache(maxsize=1)
def load_bank() -> list[dict[str, Any]]:
    """The sample plans' outlines (title, preamble, sections) the generator recombines."""
    return json.loads(BANK.read_text(encoding="utf-8"))


def build_bank(corpus: Path) -> list[dict[str, Any]]:
    """Parse the sample plans with the pipeline into the bank (development use)."""
    from kehoach.pipeline import process_file

    def node(n: Any) -> dict[str, Any]:
        d: dict[str, Any] = {"label": n.label, "kind": n.kind, "text": " ".join(n.text.split())}
        if n.children:
            d["children"] = [node(c) for c in n.children]
        return d

    bank = []
    for p in sorted(corpus.glob("*.txt")):
        doc = process_file(p)
        bank.append({"source": p.name, "title": doc.title, "preamble": doc.preamble, "closing": doc.closing,
                     "sections": [node(n) for n in doc.outline]})  # fmt: skip
    return bank


class _Generator:
    def __init__(self, seed: int, dup_rate: float, damage_rate: float) -> None:
        self.rng = random.Random(seed)
        self.dup_rate, self.damage_rate = dup_rate, damage_rate
        self.bank = load_bank()
        self.numbers: dict[tuple[str, int], int] = {}
        self.issued: dict[tuple[str, str | None, str | None, int, int], Issued] = {}
        self.recent: list[tuple[str, str, Issuer, int]] = []  # (name, text, issuer, year) for near-duplicates

    # --- who and when ------------------------------------------------------------------------

    def issuer(self, level: str) -> Issuer:
        r = self.rng
        province = r.choice(list(PROVINCES))
        capital, districts = PROVINCES[province]
        up = province.upper()
        if level == "central":
            body_caps, code, body = r.choice([
                ("BAN TUYÊN GIÁO TRUNG ƯƠNG", "BTGTW", "Ban Tuyên giáo Trung ương"),
                ("BAN TỔ CHỨC TRUNG ƯƠNG", "BTCTW", "Ban Tổ chức Trung ương"),
                ("BAN DÂN VẬN TRUNG ƯƠNG", "BDVTW", "Ban Dân vận Trung ương"),
            ])  # fmt: skip
            return Issuer(level, body_caps, "BAN CHẤP HÀNH TRUNG ƯƠNG", code, body, "Hà Nội")
        if level == "province":
            return Issuer(level, f"TỈNH ỦY {up}", None, "TU", "Ban Thường vụ Tỉnh ủy", capital, province)
        if level == "bloc":
            return Issuer(level, "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", f"ĐẢNG BỘ TỈNH {up}", "ĐUK",
                          "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh", capital, province)  # fmt: skip
        district = r.choice(districts)
        if level == "district":
            return Issuer(level, f"HUYỆN ỦY {district.upper()}", f"ĐẢNG BỘ TỈNH {up}", "HU",
                          "Ban Thường vụ Huyện ủy", district, province, district)  # fmt: skip
        if level == "commune":
            commune = r.choice(COMMUNES)
            return Issuer(level, f"ĐẢNG ỦY XÃ {commune.upper()}", f"ĐẢNG BỘ HUYỆN {district.upper()}", "ĐU",
                          f"Ban Thường vụ Đảng ủy xã {commune}", commune, province, district)  # fmt: skip
        return Issuer("state", f"ỦY BAN NHÂN DÂN TỈNH {up}", None, "UBND", f"Ủy ban nhân dân tỉnh {province}",
                      capital, province, state=True)  # fmt: skip

    def number(self, issuer: Issuer, year: int) -> str:
        key = (f"{issuer.code}:{issuer.province}:{issuer.district}:{issuer.body_caps}", year)
        self.numbers[key] = self.numbers.get(key, self.rng.randint(1, 40)) + self.rng.randint(1, 6)
        n = self.numbers[key]
        return f"{n}/KH-{issuer.code}" if issuer.state else f"{n}-KH/{issuer.code}"

    def parent_of(self, issuer: Issuer, year: int, topic: int) -> Issued:
        """The plan this one implements: a generated one when there is one, else an invented number."""
        r = self.rng
        key: tuple[str, str | None, str | None, int, int]
        if issuer.level == "province" or issuer.state:
            key = ("central", None, None, year, topic)
        elif issuer.level in {"bloc", "district"}:
            key = ("province", issuer.province, None, year, topic)
        elif issuer.level == "commune":
            key = ("district", issuer.province, issuer.district, year, topic)
        else:
            key = ("", None, None, year, topic)
        if key in self.issued:
            return self.issued[key]
        title = TOPICS[topic].format(y=year, y2=year + 5)
        if key[0] == "province":
            return Issued(f"{r.randint(20, 90)}-KH/TU", (r.randint(1, 28), r.randint(1, 4), year),
                          "Ban Thường vụ Tỉnh ủy", title)  # fmt: skip
        if key[0] == "district":
            return Issued(f"{r.randint(20, 120)}-KH/HU", (r.randint(1, 28), r.randint(1, 5), year),
                          "Ban Thường vụ Huyện ủy", title)  # fmt: skip
        code, body = r.choice([("BTGTW", "Ban Tuyên giáo Trung ương"), ("BTCTW", "Ban Tổ chức Trung ương"),
                               ("TW", "Ban Bí thư")])  # fmt: skip
        return Issued(f"{r.randint(5, 60)}-KH/{code}", (r.randint(1, 28), r.randint(1, 3), year), body, title)

    def person(self) -> str:
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    # --- wording ----------------------------------------------------------------------------

    def vary(self, text: str, issuer: Issuer, year: int) -> str:
        r = self.rng
        years = {"2022": str(year), "2021": str(year - 1)}
        text = re.sub(r"\b202[12]\b", lambda m: years[m.group()], text)
        if issuer.province:
            text = text.replace("Lâm Đồng", issuer.province)
        if issuer.district:
            text = text.replace("Đức Trọng", issuer.district)
        for group in SYNONYMS:  # every occurrence may take another wording of the same group
            pattern = "|".join(re.escape(p) for p in sorted(group, key=len, reverse=True))

            def swap(m: re.Match[str], group: list[str] = group) -> str:
                if r.random() >= 0.6:
                    return m.group()
                new = r.choice(group)
                return new[0].upper() + new[1:] if m.group()[0].isupper() else new

            text = re.sub(pattern, swap, text)
        clauses = text.split(", ")
        if len(clauses) > 3:  # lists of comma-separated phrases: drop one, swap two neighbours
            if r.random() < 0.5:
                clauses.pop(r.randrange(1, len(clauses) - 1))
            if len(clauses) > 3 and r.random() < 0.5:
                i = r.randrange(1, len(clauses) - 2)
                clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
            text = ", ".join(clauses)
        sentences = re.split(r"(?<=\.)\s+(?=[A-ZĐÀ-Ỹ])", text)
        if len(sentences) > 2 and r.random() < 0.3:
            sentences.pop(r.randrange(1, len(sentences)))
        if text.endswith(".") and r.random() < 0.25:
            sentences.insert(r.randrange(0, len(sentences) + 1), r.choice(FILLERS))
        return " ".join(s for s in sentences if s)

    def outline(self, base: dict[str, Any], issuer: Issuer, year: int, dash: bool) -> list[str]:
        """Sections of `base` (some borrowed from another sample), items dropped and renumbered."""
        r = self.rng
        lines: list[str] = []
        sections = list(base["sections"])
        for si, section in enumerate(sections):
            if r.random() < 0.3:  # borrow the same-numbered section of another sample
                other = r.choice(self.bank)["sections"]
                if si < len(other):
                    section = other[si]
            roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][si]
            lines.append(f"{roman}{'-' if dash else '.'} {section['text'].upper()}")
            self._children(section.get("children", []), [], issuer, year, dash, lines)
        return lines

    def _children(self, nodes: list[dict[str, Any]], path: list[int], issuer: Issuer, year: int, dash: bool,
                  lines: list[str]) -> None:  # fmt: skip
        r = self.rng
        kept = [n for n in nodes if r.random() < (0.8 if n["kind"] in {"bullet", "plus"} else 0.92)] or nodes[
            :1
        ]
        if len(kept) > 2 and r.random() < 0.2:
            i = r.randrange(len(kept) - 1)
            kept[i], kept[i + 1] = kept[i + 1], kept[i]
        numbered = 0
        for n in kept:
            kind = n["kind"]
            if kind in {"item", "subitem", "subsubitem"}:
                numbered += 1
                numbers = [*path, numbered]
                label = ".".join(map(str, numbers[-3:])) + ("-" if dash else ".")
                child_path = numbers
            elif kind == "letter":
                numbered += 1
                label = "abcdefghiklmn"[min(numbered - 1, 12)] + ")"
                child_path = path
            else:
                label = "-" if kind == "bullet" else "+"
                child_path = path
            text = (
                n["text"]
                if kind in {"item", "subitem"} and n.get("children")
                else self.vary(n["text"], issuer, year)
            )
            lines.append(f"{label} {text}")
            self._children(n.get("children", []), child_path, issuer, year, dash, lines)

    # --- one document -----------------------------------------------------------------------

    def plan(self, index: int) -> tuple[str, str, Issuer, int]:
        r = self.rng
        level = r.choices(
            ["central", "province", "bloc", "district", "commune", "state"], [2, 12, 10, 40, 28, 8]
        )[0]
        issuer = self.issuer(level)
        year = r.randint(2019, 2025)
        topic = r.randrange(len(TOPICS))
        day, month = r.randint(1, 28), r.randint(1, 12)
        number = self.number(issuer, year)
        title = TOPICS[topic].format(y=year, y2=year + 5)
        title = title[0].upper() + title[1:] if r.random() < 0.7 else title
        base = r.choice(self.bank)
        dash = base["sections"][0]["label"].endswith("-") if r.random() < 0.7 else r.random() < 0.2
        parent = self.parent_of(issuer, year, topic)
        lines = self.header(issuer, number, (day, month, year))
        lines += ["", "KẾ HOẠCH", title, "-----", ""]
        pd, pm, py = parent.date
        verb = r.choice(["Thực hiện", "Căn cứ", "Thực hiện"])
        sep = "," if verb == "Căn cứ" or r.random() < 0.4 else ""
        lines.append(
            f"{verb} Kế hoạch số {parent.number_symbol}{sep} ngày {pd}/{pm}/{py} của {parent.body} về {parent.title}, "
            f"{issuer.body} ban hành Kế hoạch thực hiện như sau:"
        )
        lines += self.outline(base, issuer, year, dash)
        lines.append(f"Trên đây là Kế hoạch {title[0].lower() + title[1:]} của {issuer.body}./.")
        lines += self.closing(issuer, parent)
        if level in {"central", "province", "district"}:
            key = (level, issuer.province if level != "central" else None,
                   issuer.district if level == "district" else None, year, topic)  # fmt: skip
            self.issued[key] = Issued(number, (day, month, year), issuer.body, title[0].lower() + title[1:])
        text = "\n".join(lines) + "\n"
        if r.random() < self.damage_rate:
            text = self.damage(text)
        slug = issuer.code.replace("Đ", "D").lower()
        return f"{index:06d}_{slug}_{year}_plan.txt", text, issuer, year

    def header(self, issuer: Issuer, number: str, date: tuple[int, int, int]) -> list[str]:
        d, m, y = date
        when = f"{issuer.place}, ngày {d:02d} tháng {m} năm {y}"
        if issuer.state:
            return [issuer.body_caps, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
                    f"Số: {number}", when]  # fmt: skip
        lines = [issuer.parent_caps] if issuer.parent_caps else []
        return [*lines, issuer.body_caps, "*", f"Số {number}", "ĐẢNG CỘNG SẢN VIỆT NAM", "", when]

    def closing(self, issuer: Issuer, parent: Issued) -> list[str]:
        r = self.rng
        recipients = [f"- {parent.body} (b/c),", "- Thường trực cấp ủy,", "- Các chi, đảng bộ trực thuộc,",
                      "- Các đồng chí Ủy viên Ban Thường vụ,", "- Lưu VT."]  # fmt: skip
        if issuer.state:
            authority, position = "TM. ỦY BAN NHÂN DÂN", r.choice(["CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"])
        else:
            authority, position = "T/M BAN THƯỜNG VỤ", r.choice(["BÍ THƯ", "PHÓ BÍ THƯ"])
        return ["", "Nơi nhận:", *recipients, authority, position, "", self.person()]

    # --- near-duplicates and damage ---------------------------------------------------------

    def near_duplicate(self, index: int) -> tuple[str, str]:
        r = self.rng
        name, text, issuer, year = r.choice(self.recent)
        stem = name.split("_", 1)[1].rsplit("_", 1)[0]
        if r.random() < 0.5:  # re-typed: other tone placement, a few typos, other spacing
            for old, new in _TONE_OLD_NEW:
                text = text.replace(old, new) if r.random() < 0.7 else text
            chars = list(text)
            for _ in range(r.randint(3, 10)):
                i = r.randrange(len(chars))
                if chars[i].isalpha():
                    chars[i] = ""
            text = "".join(chars).replace(", ", ",  ", r.randint(0, 5))
            return f"{index:06d}_{stem}_retyped.txt", text
        lines = text.split("\n")  # draft: blank number and date, a few items reworded
        lines = [re.sub(r"^(Số:?) (\d+)", r"\1      ", ln) for ln in lines]
        lines = [re.sub(r"ngày \d+ tháng", "ngày     tháng", ln) for ln in lines]
        for _ in range(r.randint(2, 4)):
            i = r.randrange(len(lines))
            if lines[i].startswith("- "):
                lines[i] = "- " + self.vary(lines[i][2:], issuer, year)
        return f"{index:06d}_{stem}_draft.txt", "DỰ THẢO\n" + "\n".join(lines)

    def damage(self, text: str) -> str:
        """PDF-extraction damage: hard wraps with blank lines between, some `ư` read as `ƣ`."""
        r = self.rng
        out: list[str] = []
        for line in text.split("\n"):
            if r.random() < 0.3:
                line = line.replace("ư", "ƣ").replace("Ư", "Ƣ")
            while len(line) > 80:
                cut = line.rfind(" ", 0, 80)
                if cut <= 0:
                    break
                out += [line[:cut] + " ", ""]
                line = line[cut + 1 :]
            out += [line + " ", ""]
        return "\n".join(out)

    def documents(self, n: int) -> Iterator[tuple[str, str]]:
        for index in range(n):
            if self.recent and self.rng.random() < self.dup_rate:
                yield self.near_duplicate(index)
                continue
            name, text, issuer, year = self.plan(index)
            self.recent.append((name, text, issuer, year))
            if len(self.recent) > 200:
                self.recent.pop(0)
            yield name, text


def generate_corpus(
    n: int, seed: int = 0, *, dup_rate: float = 0.03, damage_rate: float = 0.15
) -> Iterator[tuple[str, str]]:
    """`n` generated plan documents as `(file name, text)`; the same seed gives the same corpus."""
    yield from _Generator(seed, dup_rate, damage_rate).documents(n)


def write_corpus(directory: str | Path, n: int, seed: int = 0, **options: float) -> list[Path]:
    """Write `generate_corpus(n, seed)` as UTF-8 text files into `directory`."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate_corpus(n, seed, **options):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    """`python -m kehoach.testing.generate OUT_DIR N [SEED]` or `--rebuild-bank CORPUS_DIR`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--rebuild-bank"]:
        bank = build_bank(Path(args[1]))
        BANK.write_text(json.dumps(bank, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{BANK}: {len(bank)} văn bản mẫu")
        return
    out, n = args[0], int(args[1])
    paths = write_corpus(out, n, int(args[2]) if len(args) > 2 else 0)
    print(f"Đã tạo {len(paths)} văn bản trong {out}")


if __name__ == "__main__":
    main()
