"""A hostile input folder, generated (seeded) so that no fixture file is committed: empty,
binary, legacy encodings, broken UTF-8, huge single lines, Markdown code blocks and tables, a huge
"word", floods of tiny lines and of combining marks, deeply nested JSON and HTML, JSONL with
thousands of bad lines, bad sidecars, an unreadable file, plus copies of the good sample articles.

`python -m tests.hostile.corpus DIR [--large]` writes it for a manual run or a benchmark.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "raw"

_WORDS = ("minister", "delegation", "cooperation", "agreement", "talks", "economy", "region",
          "transport", "energy", "trade", "visit", "capital", "meeting", "memorandum", "sides")


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 18))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def write_corpus(folder: Path, seed: int = 12, large: bool = False) -> dict[str, str]:
    """Write the corpus into `folder`; returns file name -> category. `large` adds the
    megabyte-sized cases (slow: they reach the NLP stage or stress ingestion)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}

    def put(name: str, data: bytes | str, category: str) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        files[name] = category

    scale = 10 if large else 1
    for i in range(10):
        put(f"empty_{i:02d}.txt", b" \n\t" * i, "empty")
        put(f"binary_{i:02d}.txt", bytes(rng.randrange(256) for _ in range(2000)), "binary")
        put(f"png_{i:02d}.html", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500)), "binary")
    for i, encoding in enumerate(("cp1251", "cp1252", "cp1254", "koi8_r", "utf-16", "cp1250")):
        text = {"cp1251": "Министр иностранных дел провёл переговоры с делегацией в Москве. ",
                "koi8_r": "Стороны подписали меморандум о сотрудничестве в области энергетики. ",
                "cp1254": "Bakanlar Ankara'da bir araya gelerek işbirliğini görüştü. ",
                "cp1250": "Die Minister trafen sich in Prag und sprachen über Zusammenarbeit. ",
                }.get(encoding, "The ministers met in Geneva and discussed cooperation on trade. ")
        put(f"legacy_{i:02d}_{encoding}.txt", (text * 8).encode(encoding), "legacy_encoding")
    for i in range(10):
        good = ("The ministers met in Baku and discussed transport. " * 6).encode()
        cut = bytearray(good)
        for _ in range(1 + i * 40):
            cut[rng.randrange(len(cut))] = rng.choice([0x80, 0xC3, 0xFF, 0xE2])
        put(f"broken_utf8_{i:02d}.txt", bytes(cut), "broken_utf8")
    put("single_line.txt", _prose(rng, 2000 * scale).replace(". ", ", "), "huge_line")
    put("code_block.md", "# Release notes\n\n```python\n" + "x = {'a': [1, 2, 3]}; y = f(x) if x else None\n" * 3000 * scale + "```\n", "code")
    put("table.md", "| country | minister | date |\n|---|---|---|\n" + "".join(
        f"| C{i} | Minister {i} | 2024-01-{1 + i % 28:02d} |\n" for i in range(5000 * scale)), "table")
    put("one_word.txt", "x" * 300_000 * scale, "huge_word")
    put("paragraphs.txt", "\n\n".join(_prose(rng, 5) for _ in range(300 * scale)), "long_prose")
    put("tiny_lines.txt", "\n".join(rng.choice("abcdefg") for _ in range(20_000 * scale)), "tiny_lines")
    put("zalgo.txt", "".join(c + "\u0301\u0308\u0300\u0302\u0303" * 8 for c in "The ministers met in Baku " * 60), "combining_marks")
    depth = 50_000
    put("nested.jsonl", "[" * depth + "]" * depth + "\n" + json.dumps({"text": _prose(rng, 4)}) + "\n", "nested_json")
    put("nested.html", "<div>" * depth + "hello" + "</div>" * depth, "nested_html")
    put("nested_sidecar.txt", _prose(rng, 6), "good_with_bad_sidecar")
    put("nested_sidecar.txt.meta.json", "{\"a\":" * depth + "1" + "}" * depth, "bad_sidecar")
    lines = []
    for i in range(3000 * scale):
        kind = i % 4
        lines.append(["{not json", json.dumps([1, 2]), json.dumps({"title": "no text"}), "\u001c"][kind])
    lines.insert(1500, json.dumps({"text": "The foreign ministers of Azerbaijan and Georgia met in Tbilisi on Monday "
                                           "and discussed regional transport corridors.", "lang": "en"}))
    put("bad_lines.jsonl", "\n".join(lines) + "\n", "jsonl_bad_lines")
    for i in range(8):
        put(f"sidecar_{i}.txt", _prose(rng, 4), "good_with_bad_sidecar")
        put(f"sidecar_{i}.txt.meta.json", ["{", "[]", "\xff\xfe", "null", "{\"published\": 12}", "", "{\"lang\": \"xx\"}", "1"][i], "bad_sidecar")
    put("orphan.txt.meta.json", "{\"lang\": \"en\"}", "orphan_sidecar")
    put("unreadable.txt", _prose(rng, 3), "unreadable")
    os.chmod(folder / "unreadable.txt", 0)
    for i in range(6):
        put(f"unsupported_{i}.pdf", b"%PDF-1.4 " + bytes(rng.randrange(256) for _ in range(200)), "unsupported_format")
        put(f"french_{i}.txt", "Les ministres se sont rencontrés à Paris pour discuter de la coopération économique. " * 5, "unsupported_language")
    for path in sorted(SAMPLE.iterdir()):
        shutil.copyfile(path, folder / path.name)
        files[path.name] = "good"
    return files


if __name__ == "__main__":
    target = Path(sys.argv[1])
    written = write_corpus(target, large="--large" in sys.argv)
    print(f"{len(written)} files in {target}")
