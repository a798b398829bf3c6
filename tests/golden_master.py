"""Golden master of extraction: the `events`, `participants` and `agreement_parties` rows over every
committed corpus and the seeds, with the regex (fallback) tokenizer, so that no model is needed and
the snapshot depends on parley's own code and resources only.

    PYTHONPATH=. .venv/bin/python tests/golden_master.py            # compare, print the differing files
    PYTHONPATH=. .venv/bin/python tests/golden_master.py --update   # rewrite tests/golden/master/

A refactor leaves the snapshot byte-identical (tests/test_golden_master.py); a deliberate change is
made with --update and committed with the change, so the diff of tests/golden/master/ is reviewed
with it. Rows are written one JSON object a line, keys sorted, in (event_id, start) order; the
`versions` column (a hash of the code and resources) is left out because it changes on every edit.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MASTER = REPO / "tests" / "golden" / "master"
TABLES = ("events", "participants", "agreement_parties")
LEFT_OUT = {"versions"}
_GOLDEN_LANGUAGES = ("en", "de", "ru", "az", "tr", "uz")


def corpora(shared: Path | None = None) -> dict[str, list[Path]]:
    """Snapshot name -> the folders of raw articles that make it (ingest reads each folder)."""
    shared = shared or REPO.parent / "shared"
    out = {
        "sample": [REPO / "data" / "raw"],
        "golden-events": [REPO / "tests" / "golden" / "events" / lang for lang in _GOLDEN_LANGUAGES],
        "golden-heldout": [REPO / "tests" / "golden" / "heldout" / lang for lang in _GOLDEN_LANGUAGES],
        "golden-clusters": [REPO / "tests" / "golden" / "clusters" / "articles"],
    }
    if (shared / "seeds").is_dir():
        out["seeds"] = [shared / "seeds"]
    return out


def extract_with_regex_tokens(folder: Path, out: Path) -> Path:
    """Ingest `folder` into `out`, tokenise with the regex tokenizer (no models) and extract."""
    from parley.nlp.annotate import Annotator
    from parley.settings import load_settings
    from parley.stages import annotate_stage, extract_stage, ingest_stage

    settings = load_settings()
    # a model budget no store has, with fallback on: every document gets the regex tokenizer
    models = settings.models.model_copy(update={"prefer": ["regex-only"], "on_missing": "fallback", "workers": 1})
    ingest_stage(folder, out, settings.ingest)
    annotator = Annotator(models)
    try:
        annotate_stage(out, annotator)
    finally:
        annotator.close()
    extract_stage(out)
    return out


def _rows(folders: list[Path], work: Path) -> dict[str, list[dict]]:
    from parley.io.tables import read_table

    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for n, folder in enumerate(folders):
        out = extract_with_regex_tokens(folder, work / f"out{n}")
        for name in TABLES:
            rows[name].extend(read_table(out, name).to_pylist())
    return rows


def _line(row: dict) -> str:
    return json.dumps({k: v for k, v in row.items() if k not in LEFT_OUT}, ensure_ascii=False, sort_keys=True, default=str)


def render(folders: list[Path]) -> str:
    """The snapshot text of one corpus: a header line per table, then its rows in a fixed order."""
    with tempfile.TemporaryDirectory(prefix="parley-golden-master-") as tmp:
        rows = _rows(folders, Path(tmp))
    lines: list[str] = []
    for name in TABLES:
        ordered = sorted(rows[name], key=lambda r: (r["event_id"], r.get("start") or 0, _line(r)))
        lines.append(f"# {name}: {len(ordered)} rows")
        lines.extend(_line(r) for r in ordered)
    return "\n".join(lines) + "\n"


def snapshot_path(name: str) -> Path:
    return MASTER / f"{name}.jsonl"


def main(argv: list[str]) -> int:
    update = "--update" in argv
    differing = []
    for name, folders in corpora().items():
        text = render(folders)
        path = snapshot_path(name)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)} ({text.count(chr(10))} lines)")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            differing.append(name)
            print(f"differs: {path.relative_to(REPO)} (run with --update to rewrite, then review `git diff`)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
