"""Run one of Stanza's own training entry points with two fixes applied first.

Usage: python -m parley.nlp.train_launcher MODULE [--parley_checkpoint FILE] [--parley_select_by UPOS]
    [--parley_max_minutes M] [STANZA ARGS...]

Why, speed: Stanza's taggers score classes with ``torch.nn.Bilinear``, whose CPU backward pass is
very slow (measured here: ~2.5 s per 250-word batch). The replacement below computes the same
function with two matrix products, so the training code, data and results are Stanza's own, only
faster.

Why, resuming: Stanza's parser saves a checkpoint and continues from it after an interruption; its
tagger and NER tagger cannot, so an interrupted hour of `standard` training was lost. With
``--parley_checkpoint FILE`` the launcher saves their weights, optimiser state, step count and best
dev score every few minutes, and a rerun continues from there: it trains only the steps left, and
keeps the model saved before the interruption unless the rest of the run beats it.

Why, model choice: Stanza's tagger keeps the model with the best AllTags score (UPOS, XPOS and
features all right). Treebanks merged for one language write XPOS differently, so AllTags can fall
while UPOS rises: the default Turkish tagger kept its 300-step model (UPOS 60.1) over the 900-step one
(UPOS 68.6). ``--parley_select_by UPOS`` makes the tagger's dev score, and so its choice, the UPOS
F1, which is what extraction reads.

Why, a time limit: the same step counts took 22 minutes on one 2-core machine and 45 on another, so
a budget that must fit in 40 minutes cannot be written in steps alone. With ``--parley_max_minutes
M`` the tagger and NER tagger stop at the last evaluation that their pace says fits in M minutes
(counted from the start of this process), and the lemmatizer stops updating at M minutes and keeps
the model its epoch-end evaluation chooses. A fast machine trains every step; a slow one stops
early, and the log says where (``parley: time limit``).
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F


def fast_bilinear(
    input1: torch.Tensor, input2: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None = None
) -> torch.Tensor:
    """Same result as torch.nn.functional.bilinear: y[..., o] = x1 W[o] x2 + b[o]."""
    out_features, in1, in2 = weight.shape
    lead = input1.shape[:-1]
    x1 = input1.reshape(-1, in1)
    x2 = input2.reshape(-1, in2)
    projected = (x1 @ weight.permute(1, 0, 2).reshape(in1, out_features * in2)).view(-1, out_features, in2)
    result = torch.bmm(projected, x2.unsqueeze(2)).squeeze(2)
    if bias is not None:
        result = result + bias
    return result.view(*lead, out_features)


def patch_torch() -> None:
    F.bilinear = fast_bilinear
    torch.bilinear = fast_bilinear

    def forward(self: torch.nn.Bilinear, input1: torch.Tensor, input2: torch.Tensor) -> torch.Tensor:
        return fast_bilinear(input1, input2, self.weight, self.bias)

    torch.nn.Bilinear.forward = forward  # type: ignore[method-assign]


CHECKPOINT_FORMAT = 1
DEFAULT_CHECKPOINT_SECONDS = 300.0

# Stanza's training modules that parley can resume: (trainer class, scorer module, score function,
# argument parser module) by the module the launcher is asked to run.
_RESUMABLE = {
    "stanza.utils.training.run_pos": ("stanza.models.pos.trainer", "stanza.models.pos.scorer", "score", "stanza.models.tagger"),
    "stanza.models.tagger": ("stanza.models.pos.trainer", "stanza.models.pos.scorer", "score", "stanza.models.tagger"),
    "stanza.utils.training.run_ner": ("stanza.models.ner.trainer", "stanza.models.ner.scorer", "score_by_entity", "stanza.models.ner_tagger"),
    "stanza.models.ner_tagger": ("stanza.models.ner.trainer", "stanza.models.ner.scorer", "score_by_entity", "stanza.models.ner_tagger"),
}


@dataclass
class ResumeState:
    """What one training process knows about its checkpoint; shared by every Trainer it creates."""

    checkpoint: Path
    model_name: str  # the file name Stanza saves its best model under (--save_name)
    every_seconds: float
    steps_done: int = 0  # training steps behind the weights, earlier runs included
    best_score: float | None = None  # dev score of the model file, when an earlier run saved it
    last_score: float | None = None  # the dev score Stanza computed last in this run
    pending: dict[str, Any] | None = None  # a loaded checkpoint, for the first training Trainer
    last_saved: float = field(default_factory=time.monotonic)

    def load(self) -> None:
        if not self.checkpoint.is_file():
            return
        saved = torch.load(self.checkpoint, map_location="cpu", weights_only=False)
        if saved.get("format") != CHECKPOINT_FORMAT:
            raise SystemExit(
                f"{self.checkpoint} is not a parley training checkpoint of format {CHECKPOINT_FORMAT}: "
                "delete it to train this processor from the start"
            )
        self.steps_done = int(saved["steps_done"])
        self.best_score = saved.get("best_score")
        self.pending = saved

    def save(self, trainer: Any) -> None:
        """Write the checkpoint atomically: an interruption while saving keeps the previous one."""
        state = {
            "format": CHECKPOINT_FORMAT,
            "steps_done": self.steps_done,
            "best_score": self.best_score,
            "model": _trainable_state(trainer),
            "optimizers": {name: opt.state_dict() for name, opt in _optimizers(trainer).items()},
        }
        partial = self.checkpoint.with_name(self.checkpoint.name + ".partial")
        torch.save(state, partial)
        os.replace(partial, self.checkpoint)
        self.last_saved = time.monotonic()


def _optimizers(trainer: Any) -> dict[str, torch.optim.Optimizer]:
    """The tagger keeps a dict of optimisers, the NER tagger a single one."""
    if isinstance(getattr(trainer, "optimizers", None), dict):
        return dict(trainer.optimizers)
    return {"optimizer": trainer.optimizer}


def _trainable_state(trainer: Any) -> dict[str, torch.Tensor]:
    """The model's weights without the modules Stanza keeps in separate files (pretrained vectors)."""
    skipped = set(getattr(trainer.model, "unsaved_modules", []))
    return {k: v for k, v in trainer.model.state_dict().items() if k.split(".")[0] not in skipped}


def _restore(trainer: Any, saved: dict[str, Any], checkpoint: Path) -> None:
    try:
        trainer.model.load_state_dict(saved["model"], strict=False)
    except RuntimeError as error:  # other shapes: other data, vocabulary or network size
        raise SystemExit(
            f"{checkpoint} does not fit this training run ({str(error).splitlines()[0]}): "
            "delete it to train this processor from the start"
        ) from error
    current = _optimizers(trainer)
    for name, state in saved["optimizers"].items():
        optimizer = current.get(name)
        if optimizer is None or len(optimizer.param_groups) != len(state["param_groups"]):
            print(f"parley: optimiser {name} differs from the checkpoint's; it starts afresh", flush=True)
            continue
        optimizer.load_state_dict(state)


def _option(args: list[str], name: str) -> str | None:
    return args[args.index(name) + 1] if name in args and args.index(name) + 1 < len(args) else None


def _pop_option(args: list[str], name: str) -> str | None:
    """Remove `name VALUE` from args (parley's own options, which Stanza would reject)."""
    value = _option(args, name)
    if name in args:
        at = args.index(name)
        del args[at : at + 2]
    return value


def _default_max_steps(parser_module: str) -> int:
    module = __import__(parser_module, fromlist=["build_argparse"])
    return int(module.build_argparse().get_default("max_steps"))


def install_resume(module: str, args: list[str], state: ResumeState) -> list[str]:
    """Patch Stanza's trainer for `module` to checkpoint and resume; return the arguments to run with.

    The step budget is the run's --max_steps; a resumed run is given only the steps still left.
    """
    if module not in _RESUMABLE:
        raise SystemExit(f"--parley_checkpoint: {module} cannot resume; resumable: {', '.join(sorted(_RESUMABLE))}")
    trainer_module, scorer_module, score_name, parser_module = _RESUMABLE[module]
    trainer_class = __import__(trainer_module, fromlist=["Trainer"]).Trainer
    scorer = __import__(scorer_module, fromlist=[score_name])

    state.load()
    total = int(_option(args, "--max_steps") or _default_max_steps(parser_module))
    left = total - state.steps_done
    if state.pending is not None:
        print(f"parley: resuming from step {state.steps_done} of {total} ({state.checkpoint}); "
              f"best dev score so far {state.best_score}", flush=True)
    args = list(args)
    _pop_option(args, "--max_steps")
    # one step at least: Stanza's loops do not stop before their first step
    args += ["--max_steps", str(max(left, 1))]

    original_init = trainer_class.__init__
    original_update = trainer_class.update
    original_save = trainer_class.save
    original_score = getattr(scorer, score_name)

    def init(self: Any, *a: Any, **kw: Any) -> None:
        original_init(self, *a, **kw)
        # the first Trainer built without a model file is the one that trains; later ones reload
        # the best model (second optimiser) or serve evaluation
        if state.pending is not None and kw.get("model_file") is None:
            _restore(self, state.pending, state.checkpoint)
            state.pending = None

    def update(self: Any, batch: Any, eval: bool = False) -> Any:  # noqa: A002 - Stanza's name
        loss = original_update(self, batch, eval=eval)
        if not eval:
            state.steps_done += 1
            if time.monotonic() - state.last_saved >= state.every_seconds:
                state.save(self)
        return loss

    def save(self: Any, filename: str, *a: Any, **kw: Any) -> None:
        is_best_model = Path(filename).name == state.model_name
        if is_best_model and state.best_score is not None and Path(filename).is_file():
            if state.last_score is None or state.last_score <= state.best_score:
                print(f"parley: dev score {state.last_score} does not beat {state.best_score} from before "
                      "the interruption; the model saved then stays", flush=True)
                return
        original_save(self, filename, *a, **kw)
        if is_best_model:
            state.best_score = state.last_score

    def score(*a: Any, **kw: Any) -> Any:
        result = original_score(*a, **kw)
        state.last_score = float(result[2])  # both scorers put the F1 third
        return result

    trainer_class.__init__ = init
    trainer_class.update = update
    trainer_class.save = save
    setattr(scorer, score_name, score)
    return args


_TIME_LIMITED = {
    # module -> (trainer module, how the limit stops it)
    "stanza.utils.training.run_pos": ("stanza.models.pos.trainer", "at_evaluation"),
    "stanza.models.tagger": ("stanza.models.pos.trainer", "at_evaluation"),
    "stanza.utils.training.run_ner": ("stanza.models.ner.trainer", "at_evaluation"),
    "stanza.models.ner_tagger": ("stanza.models.ner.trainer", "at_evaluation"),
    "stanza.utils.training.run_lemma": ("stanza.models.lemma.trainer", "skip_updates"),
    "stanza.models.lemmatizer": ("stanza.models.lemma.trainer", "skip_updates"),
}
TIME_LIMIT_MESSAGE = "parley: time limit"


@dataclass
class TimeLimit:
    """The wall-clock limit of one training process, and what it has done about it."""

    seconds: float
    started: float = field(default_factory=time.monotonic)
    steps: int = 0  # training updates in this process (the loop's own step counter)
    loop_args: dict[str, Any] | None = None  # the training loop's argument dict (its max_steps)
    reached: bool = False

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def stop_here(self, eval_interval: int) -> bool:
        """At an evaluation step: would the next interval, at this run's pace, end past the limit?"""
        pace = self.elapsed() / max(self.steps, 1)
        return self.elapsed() + pace * eval_interval > self.seconds


def install_time_limit(module: str, limit: TimeLimit) -> None:
    """Patch Stanza's trainer for `module` so that its training ends within `limit` (see above)."""
    if module not in _TIME_LIMITED:
        raise SystemExit(
            f"--parley_max_minutes: {module} has no time limit; limited: {', '.join(sorted(_TIME_LIMITED))}"
        )
    trainer_module, how = _TIME_LIMITED[module]
    trainer_class = __import__(trainer_module, fromlist=["Trainer"]).Trainer
    original_init = trainer_class.__init__
    original_update = trainer_class.update

    def init(self: Any, *a: Any, **kw: Any) -> None:
        original_init(self, *a, **kw)
        if limit.loop_args is None and isinstance(kw.get("args"), dict):
            limit.loop_args = kw["args"]  # the first training Trainer gets the loop's own dict

    def update(self: Any, batch: Any, eval: bool = False) -> Any:  # noqa: A002 - Stanza's name
        if eval:
            return original_update(self, batch, eval=eval)
        if how == "skip_updates" and limit.elapsed() >= limit.seconds:
            if not limit.reached:
                limit.reached = True
                print(f"{TIME_LIMIT_MESSAGE}: {limit.seconds / 60:g} minutes reached after {limit.steps} "
                      "updates; the rest of the run evaluates without training", flush=True)
            return 0.0
        loss = original_update(self, batch, eval=eval)
        limit.steps += 1
        if how == "at_evaluation" and limit.loop_args is not None and not limit.reached:
            interval = int(limit.loop_args.get("eval_interval") or 0)
            last_step = limit.steps >= int(limit.loop_args.get("max_steps") or 0)  # ends anyway: say nothing
            if interval > 0 and limit.steps % interval == 0 and not last_step and limit.stop_here(interval):
                # Stanza evaluates this step, then ends its loop on max_steps
                limit.loop_args["max_steps"] = limit.steps
                limit.reached = True
                print(f"{TIME_LIMIT_MESSAGE}: stopped at step {limit.steps} after {limit.elapsed():.0f} s "
                      f"(limit {limit.seconds / 60:g} min; the next {interval} steps would pass it)", flush=True)
        return loss

    trainer_class.__init__ = init
    trainer_class.update = update


# what --parley_select_by may name: the columns of Stanza's tagger scorer (ud_scores)
SELECTABLE_SCORES = ("UPOS", "XPOS", "UFeats", "AllTags")


def install_selection(module: str, metric: str) -> None:
    """Make the tagger's dev score (which chooses the model it keeps) the F1 of `metric`."""
    if module not in ("stanza.utils.training.run_pos", "stanza.models.tagger"):
        raise SystemExit(f"--parley_select_by: only the tagger (run_pos) chooses by a score column, not {module}")
    if metric not in SELECTABLE_SCORES:
        raise SystemExit(f"--parley_select_by {metric}: use one of {', '.join(SELECTABLE_SCORES)}")
    scorer = __import__("stanza.models.pos.scorer", fromlist=["score"])
    original = scorer.score

    def score(system: Any, gold: Any, verbose: bool = True, eval_type: str = "AllTags") -> Any:
        return original(system, gold, verbose=verbose, eval_type=metric)

    scorer.score = score


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m parley.nlp.train_launcher MODULE [--parley_checkpoint FILE] [ARGS...]")
    module = sys.argv[1]
    args = sys.argv[2:]
    checkpoint = _pop_option(args, "--parley_checkpoint")
    every = _pop_option(args, "--parley_checkpoint_seconds")
    select_by = _pop_option(args, "--parley_select_by")
    max_minutes = _pop_option(args, "--parley_max_minutes")
    patch_torch()
    if max_minutes is not None:
        install_time_limit(module, TimeLimit(seconds=float(max_minutes) * 60))
    if select_by is not None:  # before the resume patch, which wraps whatever score it finds
        install_selection(module, select_by)
    if checkpoint is not None:
        save_name = _option(args, "--save_name")
        if save_name is None:
            raise SystemExit("--parley_checkpoint needs --save_name: the best model's file name is guarded on resume")
        state = ResumeState(
            checkpoint=Path(checkpoint),
            model_name=Path(save_name).name,
            every_seconds=DEFAULT_CHECKPOINT_SECONDS if every is None else float(every),
        )
        args = install_resume(module, args, state)
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
