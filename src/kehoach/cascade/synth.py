"""Synthetic cascades with ground truth: `kehoach synth --docs N --seed S --out DIR`.

Each cascade grows from a root plan (central Party body or ministry) whose content is drawn
from a pool of sentences of the sample plans (`examples/corpus`, through the generator's bank)
and of the real documents (`/work/shared/corpus/real/*.md`, when present), so cascades on
different topics do not share their text. Every level re-issues its parent adapted to itself,
as `kehoach.testing.generate` varies wording: place and level substitution, items dropped,
merged, split, reordered and added, rewording, new header, number, date and issuer; some
documents are damaged as PDF extraction damages text. Levels follow the dates: before
1 July 2025 province → district → commune (and the provincial bloc → its units), from then
province → commune. A share of documents cite their parent with a blank number or not at
all, a share of parents exist only as a pre-signature copy with a blank number, and a share
of documents come with a draft or a re-typed copy (versions).

`parents.jsonl` in DIR holds the truth, one line per file: `file`, `parent_file` (null when
the parent is not in the corpus), `parent_number_symbol`, `parent_date`, `relation`,
`citation` (`full`, `blank` or `missing`), `level`, `version_of` (the final version's file
for a draft or copy, else null).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kehoach.testing.generate import (
    COMMUNES,
    GIVEN,
    MIDDLE,
    PROVINCES,
    SURNAMES,
    Issuer,
    _Generator,
    load_bank,
)

REAL = Path("/work/shared/corpus/real")
REFORM = date(2025, 7, 1)
TOPIC_WORDS = [
    "chuyển đổi số", "cải cách hành chính", "phòng, chống tham nhũng", "xây dựng nông thôn mới",
    "bảo vệ môi trường", "phát triển kinh tế tập thể", "công tác dân vận", "an toàn giao thông",
    "phòng, chống thiên tai", "giảm nghèo bền vững", "phát triển du lịch", "giáo dục chính trị tư tưởng",
    "bảo vệ nền tảng tư tưởng của Đảng", "thi đua yêu nước", "công tác cán bộ", "quốc phòng toàn dân",
    "phát triển văn hóa", "chăm sóc sức khỏe nhân dân", "khoa học, công nghệ và đổi mới sáng tạo",
    "thực hành tiết kiệm, chống lãng phí", "công tác kiểm tra, giám sát", "xây dựng tổ chức cơ sở đảng",
]  # fmt: skip
LEVEL_WORDS = {
    "province": [("Trung ương", "Tỉnh ủy"), ("toàn quốc", "toàn tỉnh"), ("cả nước", "toàn tỉnh"),
                 ("các tỉnh, thành phố", "các huyện, thị xã"), ("Bộ, ngành", "sở, ngành")],
    "district": [("Tỉnh ủy", "Huyện ủy"), ("toàn tỉnh", "toàn huyện"), ("các huyện, thị xã", "các xã, thị trấn"),
                 ("sở, ngành", "phòng, ban"), ("Trung ương", "Huyện ủy")],
    "commune": [("Huyện ủy", "Đảng ủy xã"), ("toàn huyện", "toàn xã"), ("Tỉnh ủy", "Đảng ủy xã"),
                ("toàn tỉnh", "toàn xã"), ("các xã, thị trấn", "các thôn, ấp"), ("phòng, ban", "ban, ngành")],
    "bloc": [("Trung ương", "Đảng ủy Khối"), ("toàn tỉnh", "toàn Khối"), ("Tỉnh ủy", "Đảng ủy Khối"),
             ("các huyện, thị xã", "các chi, đảng bộ cơ sở")],
}  # fmt: skip
SECTION_TITLES = [["MỤC ĐÍCH, YÊU CẦU", "MỤC ĐÍCH VÀ YÊU CẦU"], ["NỘI DUNG", "NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG TRỌNG TÂM"],
                  ["HÌNH THỨC", "HÌNH THỨC, PHƯƠNG PHÁP"], ["TỔ CHỨC THỰC HIỆN"]]  # fmt: skip


@dataclass
class Body:
    """Who issues a document: level, header lines, symbol code, how the preamble names it."""

    level: str  # central | province | bloc | district | commune
    caps: str
    parent_caps: str | None
    code: str
    name: str
    place: str
    province: str | None = None
    district: str | None = None
    state: bool = False


@dataclass
class Plan:
    body: Body
    when: date
    number: int
    title: str
    sections: list[list[str]]  # section → unit texts (first: the section title)
    file: str = ""
    parent: Plan | None = None
    parent_ns: str | None = None
    parent_date: str | None = None
    children: list[Plan] = field(default_factory=list)

    @property
    def number_symbol(self) -> str:
        if self.body.state:
            return f"{self.number}/KH-{self.body.code}"
        return f"{self.number}-KH/{self.body.code}"


def _sentence_pool(real: Path | None) -> list[str]:
    """Sentences of the sample plans and of the real Markdown documents (8 to 60 words)."""
    out: list[str] = []

    def walk(nodes: list) -> None:
        for n in nodes:
            out.extend(re.split(r"(?<=[.;])\s+", n["text"]))
            walk(n.get("children", []))

    for doc in load_bank():
        walk(doc["sections"])
    if real is not None and real.is_dir():
        for p in sorted(real.glob("*.md")):
            if p.name.lower() == "readme.md":
                continue
            text = re.sub(r"[*|#>_`]+", " ", p.read_text(encoding="utf-8", errors="replace"))
            text = " ".join(text.split())
            out.extend(re.split(r"(?<=[.;])\s+", text))
    keep = []
    for s in out:
        ws = s.split()
        if 8 <= len(ws) <= 60 and sum(w[:1].isalpha() for w in ws) >= 0.8 * len(ws) and "http" not in s:
            s = re.sub(r"^(?:[a-zđ]\)|\d+(?:\.\d+)*[.)-]|[-+•])\s*", "", s.strip(" -+;"))
            keep.append(s[:1].upper() + s[1:])
    return sorted(set(keep))


class Synth:
    def __init__(self, seed: int, real: Path | None = REAL) -> None:
        self.r = random.Random(seed)
        self.words = _Generator(seed, 0.0, 0.0)  # reused for rewording (`vary`) and extraction damage
        self.words.rng = self.r
        self.pool = _sentence_pool(real)
        self.counters: dict[tuple[str, int], int] = {}

    # -- bodies -------------------------------------------------------------------------
    def central(self) -> Body:
        r = self.r
        if r.random() < 0.25:
            caps, code, name = r.choice([("BỘ NỘI VỤ", "BNV", "Bộ Nội vụ"),
                                         ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BNNMT", "Bộ Nông nghiệp và Môi trường"),
                                         ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"),
                                         ("BỘ Y TẾ", "BYT", "Bộ Y tế")])  # fmt: skip
            return Body("central", caps, None, code, name, "Hà Nội", state=True)
        caps, code, name = r.choice([("BAN TUYÊN GIÁO VÀ DÂN VẬN TRUNG ƯƠNG", "BTGDVTW", "Ban Tuyên giáo và Dân vận Trung ương"),
                                     ("BAN TỔ CHỨC TRUNG ƯƠNG", "BTCTW", "Ban Tổ chức Trung ương"),
                                     ("BAN CHẤP HÀNH TRUNG ƯƠNG", "TW", "Ban Bí thư")])  # fmt: skip
        return Body(
            "central", caps, "BAN CHẤP HÀNH TRUNG ƯƠNG" if code != "TW" else None, code, name, "Hà Nội"
        )

    def province(self, state: bool, used: set[str]) -> Body:
        choices = [p for p in PROVINCES if p not in used] or list(PROVINCES)
        prov = self.r.choice(choices)
        used.add(prov)
        capital = PROVINCES[prov][0]
        if state:
            return Body("province", f"ỦY BAN NHÂN DÂN TỈNH {prov.upper()}", None, "UBND", f"Ủy ban nhân dân tỉnh {prov}",
                        capital, prov, state=True)  # fmt: skip
        return Body("province", f"TỈNH ỦY {prov.upper()}", None, "TU", "Ban Thường vụ Tỉnh ủy", capital, prov)

    def bloc(self, prov: str) -> Body:
        return Body("bloc", "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH", f"ĐẢNG BỘ TỈNH {prov.upper()}", "ĐUK",
                    "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh", PROVINCES[prov][0], prov)  # fmt: skip

    def district(self, prov: str, state: bool, used: set[str]) -> Body:
        choices = [d for d in PROVINCES[prov][1] if d not in used] or PROVINCES[prov][1]
        dist = self.r.choice(choices)
        used.add(dist)
        if state:
            return Body("district", f"ỦY BAN NHÂN DÂN HUYỆN {dist.upper()}", None, "UBND",
                        f"Ủy ban nhân dân huyện {dist}", dist, prov, dist, state=True)  # fmt: skip
        return Body("district", f"HUYỆN ỦY {dist.upper()}", f"ĐẢNG BỘ TỈNH {prov.upper()}", "HU",
                    "Ban Thường vụ Huyện ủy", dist, prov, dist)  # fmt: skip

    def commune(self, prov: str, dist: str | None, state: bool, used: set[str]) -> Body:
        choices = [c for c in COMMUNES if c not in used] or COMMUNES
        com = self.r.choice(choices)
        used.add(com)
        above = f"ĐẢNG BỘ HUYỆN {dist.upper()}" if dist else f"ĐẢNG BỘ TỈNH {prov.upper()}"
        if state:
            return Body("commune", f"ỦY BAN NHÂN DÂN XÃ {com.upper()}", None, "UBND", f"Ủy ban nhân dân xã {com}",
                        com, prov, dist, state=True)  # fmt: skip
        return Body("commune", f"ĐẢNG ỦY XÃ {com.upper()}", above, "ĐU", f"Ban Thường vụ Đảng ủy xã {com}", com,
                    prov, dist)  # fmt: skip

    def number(self, body: Body, year: int) -> int:
        key = (f"{body.caps}|{body.parent_caps}", year)
        self.counters[key] = self.counters.get(key, self.r.randint(1, 60)) + self.r.randint(1, 9)
        return self.counters[key]

    # -- content ------------------------------------------------------------------------
    def root_content(self, topic: str, year: int) -> tuple[str, list[list[str]]]:
        r = self.r
        title = (
            f"{r.choice(['Thực hiện', 'Triển khai', 'Đẩy mạnh', 'Tăng cường'])} công tác {topic} năm {year}"
        )
        sections = []
        for si, names in enumerate(SECTION_TITLES):
            units = [r.choice(names)]
            for _ in range(r.randint(3, 6) if si != 2 else r.randint(2, 4)):
                text = " ".join(r.sample(self.pool, r.randint(1, 2)))
                if r.random() < 0.5:
                    text = f"Về {topic}: {text[0].lower()}{text[1:]}"
                units.append(text)
            sections.append(units)
        return title, sections

    def derive(self, parent: Plan, body: Body, year: int) -> list[list[str]]:
        """The child's outline: the parent's adapted to the child's level and place."""
        r = self.r
        subs = LEVEL_WORDS.get(body.level, [])
        who = Issuer(body.level, body.caps, body.parent_caps, body.code, body.name, body.place, body.province,
                     body.district)  # fmt: skip
        out = []
        for units in parent.sections:
            head, items = units[0], list(units[1:])
            items = [t for t in items if r.random() >= 0.15] or items[:1]  # dropped
            if len(items) > 2 and r.random() < 0.15:  # merged
                i = r.randrange(len(items) - 1)
                items[i : i + 2] = [items[i].rstrip(".") + "; " + items[i + 1][0].lower() + items[i + 1][1:]]
            if items and r.random() < 0.1:  # split
                i = r.randrange(len(items))
                parts = re.split(r"(?<=[.;])\s+", items[i], maxsplit=1)
                if len(parts) == 2:
                    items[i : i + 1] = parts
            if len(items) > 2 and r.random() < 0.25:  # reordered
                i = r.randrange(len(items) - 1)
                items[i], items[i + 1] = items[i + 1], items[i]
            new = []
            for t in items:
                for a, b in subs:
                    if a in t and r.random() < 0.7:
                        t = t.replace(a, b)
                if body.province:
                    t = t.replace("Lâm Đồng", body.province)
                if r.random() < 0.6:
                    t = self.words.vary(t, who, year)
                new.append(t)
            for _ in range(r.choice([0, 0, 1, 1, 2])):  # added
                new.insert(r.randrange(len(new) + 1), r.choice(self.pool))
            out.append([head, *new])
        return out

    # -- cascades -----------------------------------------------------------------------
    def cascade(self, budget: int) -> list[Plan]:
        r = self.r
        root_body = self.central()
        when = date(r.randint(2021, 2026), r.randint(1, 12), r.randint(1, 28))
        topic = r.choice(TOPIC_WORDS)
        title, sections = self.root_content(topic, when.year)
        root = Plan(root_body, when, self.number(root_body, when.year), title, sections)
        root.parent_ns = r.choice(["21-KL/TW", "35-NQ/TW", "05-CT/TW", "76/2021/NQ-CP", "19-NQ/TW"])
        plans = [root]
        used_prov: set[str] = set()
        frontier = [root]
        while frontier and len(plans) < budget:
            parent = frontier.pop(0)
            for body in self.children_of(parent, used_prov):
                if len(plans) >= budget:
                    break
                child_when = parent.when + timedelta(days=r.randint(5, 45))
                if body.level == "district" and child_when >= REFORM:  # no districts any more
                    body = self.commune(body.province or "", None, body.state, set())
                child = Plan(body, child_when, self.number(body, child_when.year), "", [], parent=parent)
                child.title = self.child_title(parent, body)
                child.sections = self.derive(parent, body, child_when.year)
                parent.children.append(child)
                plans.append(child)
                frontier.append(child)
        return plans

    def children_of(self, parent: Plan, used_prov: set[str]) -> list[Body]:
        r = self.r
        b = parent.body
        if b.level == "central":
            return [self.province(b.state, used_prov) for _ in range(r.randint(2, 5))]
        if b.level == "province":
            prov = b.province or ""
            used: set[str] = set()
            kids = [] if b.state or r.random() < 0.4 else [self.bloc(prov)]
            if parent.when >= REFORM:
                return kids + [self.commune(prov, None, b.state, used) for _ in range(r.randint(2, 5))]
            return kids + [self.district(prov, b.state, used) for _ in range(r.randint(2, 4))]
        if b.level == "bloc":
            return []
        if b.level == "district":
            used = set()
            return [self.commune(b.province or "", b.district, b.state, used) for _ in range(r.randint(1, 3))]
        return []

    def child_title(self, parent: Plan, body: Body) -> str:
        t = re.sub(r"^Thực hiện Kế hoạch số \S+ về ", "", parent.title)
        t = t[0].upper() + t[1:]
        if self.r.random() < 0.3:
            t = f"Thực hiện Kế hoạch số {parent.number_symbol} về {t[0].lower()}{t[1:]}"
        return t

    # -- text ---------------------------------------------------------------------------
    def render(self, p: Plan, citation: str, blank_own: bool = False, draft: bool = False) -> str:
        r = self.r
        b = p.body
        d = p.when
        number = p.number_symbol
        if blank_own or draft:
            number = re.sub(r"^\d+", "     ", number)
        day = "    " if (blank_own or draft) else f"{d.day:02d}"
        when = f"{b.place}, ngày {day} tháng {d.month} năm {d.year}"
        if b.state:
            lines = [
                b.caps,
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                f"Số: {number}",
                when,
            ]
        else:
            lines = [x for x in (b.parent_caps, b.caps) if x]
            lines += ["*", f"Số {number}", "ĐẢNG CỘNG SẢN VIỆT NAM", when]
        if draft:
            lines.insert(0, "DỰ THẢO")
        lines += ["KẾ HOẠCH", p.title, "-----"]
        lines.append(self.preamble(p, citation))
        dash = r.random() < 0.4
        for si, units in enumerate(p.sections):
            roman = ["I", "II", "III", "IV", "V", "VI"][si]
            lines.append(f"{roman}{'-' if dash else '.'} {units[0]}")
            for k, t in enumerate(units[1:], 1):
                label = f"{k}." if r.random() < 0.8 else "-"
                lines.append(f"{label} {t}")
        lines.append(f"Trên đây là Kế hoạch {p.title[0].lower()}{p.title[1:]} của {b.name}./.")
        lines += ["Nơi nhận:", "- Như trên,", "- Lưu VT.", "T/M BAN THƯỜNG VỤ" if not b.state else "TM. ỦY BAN NHÂN DÂN",
                  r.choice(["BÍ THƯ", "PHÓ BÍ THƯ", "CHỦ TỊCH"]), self.person()]  # fmt: skip
        text = "\n".join(lines) + "\n"
        if r.random() < 0.12:
            text = self.words.damage(text)
        return text

    def preamble(self, p: Plan, citation: str) -> str:
        r = self.r
        own = p.body.name
        if citation == "missing" or p.parent is None and p.parent_ns is None:
            return f"Nhằm {r.choice(['triển khai', 'thực hiện'])} có hiệu quả công tác trong thời gian tới, {own} ban hành Kế hoạch như sau:"
        if p.parent is None:
            kind = next(
                v
                for k, v in (("KL", "Kết luận"), ("CT", "Chỉ thị"), ("NQ", "Nghị quyết"))
                if k in p.parent_ns
            )
            return f"Thực hiện {kind} số {p.parent_ns} của Bộ Chính trị, {own} ban hành Kế hoạch như sau:"
        parent = p.parent
        pd = parent.when
        ns = parent.number_symbol
        if citation == "blank":
            ns = re.sub(r"^\d+", "    ", ns)
        verb = r.choice(["Thực hiện", "Thực hiện", "Căn cứ", "Triển khai"])
        sep = "," if r.random() < 0.5 else ""
        text = (f"{verb} Kế hoạch số {ns}{sep} ngày {pd.day}/{pd.month}/{pd.year} của {parent.body.name} về "
                f"{parent.title[0].lower()}{parent.title[1:]}")  # fmt: skip
        if r.random() < 0.2:
            text = (
                f"Căn cứ Nghị quyết số {r.randint(1, 60)}-NQ/TW của Bộ Chính trị; {text[0].lower()}{text[1:]}"
            )
        return f"{text}, {own} ban hành Kế hoạch thực hiện như sau:"

    def person(self) -> str:
        r = self.r
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"


def _relation(text: str) -> str:
    return "based_on" if re.search(r"Căn cứ Kế hoạch", text) else "implements"


def _row(p: Plan, name: str, text: str, citation: str, version_of: str | None) -> dict:
    parent = p.parent
    return {
        "file": name,
        "parent_file": parent.file if parent else None,
        "parent_number_symbol": parent.number_symbol if parent else p.parent_ns,
        "parent_date": parent.when.isoformat() if parent else None,
        "relation": _relation(text) if parent else "implements",
        "citation": citation,
        "level": p.body.level,
        "version_of": version_of,
    }


def generate(n: int, seed: int = 0, *, real: Path | None = REAL) -> list[tuple[str, str, dict]]:
    """`n` documents as (file name, text, truth row), in a shuffled order."""
    s = Synth(seed, real)
    r = s.r
    n_versions = n // 20  # drafts and re-typed copies: 5 %
    plans: list[Plan] = []
    while len(plans) < n - n_versions:
        plans += s.cascade(min(n - n_versions - len(plans), r.randint(20, 90)))
    order = list(range(len(plans)))
    r.shuffle(order)
    for k, i in enumerate(order):
        p = plans[i]
        p.file = f"{k:06d}_{p.body.level}_{p.body.code.replace('Đ', 'D').lower()}.txt"
    blank_own = {id(p) for p in plans if p.children and r.random() < 0.03}
    out: list[tuple[str, str, dict]] = []
    cited: dict[int, str] = {}
    for p in plans:
        roll = r.random()
        citation = "missing" if roll < 0.08 else "blank" if roll < 0.12 else "full"
        if p.parent is None:
            citation = "full"
        cited[id(p)] = citation
        if citation != "full":  # nor in the title (`Thực hiện Kế hoạch số … về …`)
            p.title = re.sub(r"^Thực hiện Kế hoạch số \S+ về ", "", p.title)
            p.title = p.title[0].upper() + p.title[1:]
    for p in plans:
        citation = cited[id(p)]
        text = s.render(p, citation, blank_own=id(p) in blank_own)
        out.append((p.file, text, _row(p, p.file, text, citation, None)))
    for k, p in enumerate(r.sample(plans, min(n_versions, len(plans)))):  # versions of some documents
        name = f"{len(out):06d}_{p.body.level}_{'draft' if k % 3 else 'copy'}.txt"
        if k % 3:
            text = s.render(p, cited[id(p)], draft=True)
        else:
            text = s.render(p, cited[id(p)], blank_own=id(p) in blank_own)
            for a, b in (("ủy", "uỷ"), ("hòa", "hoà"), ("Ủy", "Uỷ")):
                text = text.replace(a, b)
        out.append((name, text, _row(p, name, text, cited[id(p)], p.file)))
    return out


def write_synth(out: str | Path, n: int, seed: int = 0, *, real: Path | None = REAL) -> Path:
    """Write the generated files and `parents.jsonl` into `out`; returns the truth file's path."""
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    truth = d / "parents.jsonl"
    with truth.open("w", encoding="utf-8") as f:
        for name, text, row in generate(n, seed, real=real):
            (d / name).write_text(text, encoding="utf-8")
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return truth


def read_truth(path: str | Path) -> dict[str, dict]:
    """The truth rows by file name."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["file"]: row for row in rows}
