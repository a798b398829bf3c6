"""Held-out test scores of a built language, written into its manifest and docs/models.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parley.nlp.build import BuildContext, PreparedLanguage


def evaluate_language(
    ctx: BuildContext, lang: str, prepared: PreparedLanguage, entries: dict[str, dict[str, str]]
) -> dict[str, Any]:
    from parley.nlp import stanza_backend
    from parley.nlp.build import eval_treebank, recipes

    paths = ctx.store.entry_paths(entries)
    resources = ctx.work_dir / "stanza_resources"
    scores: dict[str, Any] = {}
    gpu = ctx.device == "cuda"  # a GPU build scores on the GPU too (same models, same test sets)
    if prepared.treebank and prepared.short:
        syntax = {p: path for p, path in paths.items() if not p.startswith("ner")}
        pipeline = stanza_backend.load_pipeline(lang, syntax, resources, use_gpu=gpu)
        gold = ctx.work_dir / "ud" / prepared.treebank / f"{prepared.short}-ud-test.conllu"
        scores.update(stanza_backend.conll_scores(pipeline, gold, ctx.work_dir / f"{lang}-test.pred.conllu"))
    if recipes()["languages"][lang].get("ud_eval"):
        # a treebank that only tests: the Azerbaijani TueCL sentences read by the borrowed Turkish models
        syntax = {p: path for p, path in paths.items() if not p.startswith("ner")}
        pipeline = stanza_backend.load_pipeline(lang, syntax, resources, use_gpu=gpu)
        eval_scores = stanza_backend.conll_scores(pipeline, eval_treebank(ctx, lang), ctx.work_dir / f"{lang}-eval.pred.conllu")
        scores.update({f"eval_{k}": v for k, v in eval_scores.items()})
    if prepared.ner_short and "ner" in paths:
        ner = {p: path for p, path in paths.items() if p.startswith("ner")}
        pipeline = stanza_backend.load_pipeline(lang, ner, resources, pretokenized=True, use_gpu=gpu)
        test = ctx.work_dir / "data" / "ner" / f"{prepared.ner_short}.test.json"
        scores.update(stanza_backend.ner_scores(pipeline, test))
    return scores
