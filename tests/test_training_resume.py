"""An interrupted tagger or NER training continues from its checkpoint (parley/nlp/train_launcher.py).

Real Stanza training on a few sentences written for the test: the first run stops at its step
budget and leaves its checkpoint, exactly what an interruption at that step leaves; the second run
is given the full budget and must train only the steps left, from the saved weights.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

NAMES = ["Aliyev", "Erdogan", "Mirziyoyev", "Scholz", "Sharif", "Tokayev"]
CITIES = ["Baku", "Ankara", "Tashkent", "Berlin", "Islamabad", "Astana"]
NOUNS = ["minister", "president", "delegation", "memorandum", "ambassador", "committee"]
VERBS = ["signed", "met", "discussed", "visited", "approved"]
TINY_NETWORK = ["--hidden_dim", "16", "--char_hidden_dim", "16", "--word_emb_dim", "8", "--char_emb_dim", "8"]


def _tagger_data(folder: Path) -> tuple[Path, Path]:
    blocks = []
    for i in range(60):
        words = [("the", "DET"), (NOUNS[i % 6], "NOUN"), (VERBS[i % 5], "VERB"), ("a", "DET"), (NOUNS[(i * 5) % 6], "NOUN"), (".", "PUNCT")]
        lines = [f"# sent_id = {i}", "# text = " + " ".join(w for w, _ in words[:-1]) + "."]
        lines += [f"{j}\t{w}\t{w}\t{u}\t_\t_\t{0 if j == 3 else 3}\t{'root' if j == 3 else 'dep'}\t_\t_" for j, (w, u) in enumerate(words, 1)]
        blocks.append("\n".join(lines) + "\n")
    train, dev = folder / "train.conllu", folder / "dev.conllu"
    train.write_text("\n".join(blocks[:50]) + "\n", encoding="utf-8")
    dev.write_text("\n".join(blocks[50:]) + "\n", encoding="utf-8")
    return train, dev


def _ner_data(folder: Path) -> tuple[Path, Path]:
    sentences = [
        [{"text": "President", "ner": "O"}, {"text": NAMES[i % 6], "ner": "S-PER"}, {"text": "visited", "ner": "O"},
         {"text": CITIES[(i * 5) % 6], "ner": "S-LOC"}, {"text": ".", "ner": "O"}]
        for i in range(60)
    ]
    train, dev = folder / "train.json", folder / "dev.json"
    train.write_text(json.dumps(sentences[:50]), encoding="utf-8")
    dev.write_text(json.dumps(sentences[50:]), encoding="utf-8")
    return train, dev


def _train(
    module: str, data: tuple[Path, Path], save_dir: Path, name: str, max_steps: int, network: list[str] = TINY_NETWORK
) -> str:
    extra = ["--output_file", str(save_dir / "pred.conllu"), "--deep_biaff_hidden_dim", "16",
             "--composite_deep_biaff_hidden_dim", "8"] if module == "stanza.models.tagger" else []
    args = [
        sys.executable, "-m", "parley.nlp.train_launcher", module,
        "--parley_checkpoint", str(save_dir / f"{name}_checkpoint.pt"), "--parley_checkpoint_seconds", "0",
        "--mode", "train", "--train_file", str(data[0]), "--eval_file", str(data[1]), "--shorthand", "en_test",
        "--save_dir", str(save_dir), "--save_name", f"{name}.pt", "--no_pretrain", "--batch_size", "50",
        "--max_steps", str(max_steps), "--eval_interval", "2", "--log_step", "1", *network, *extra,
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]
    return output


_LOSS = re.compile(r"(?:STEP|step) 1/\d+, loss = ([0-9.]+)")


def _first_loss(output: str) -> float:
    found = _LOSS.search(output)
    assert found, output[-2000:]
    return float(found.group(1))


def _steps_done(checkpoint: Path) -> int:
    return int(torch.load(checkpoint, map_location="cpu", weights_only=False)["steps_done"])


@pytest.mark.parametrize(
    ("module", "name", "make_data"),
    [("stanza.models.tagger", "pos", _tagger_data), ("stanza.models.ner_tagger", "ner", _ner_data)],
)
def test_a_second_run_trains_only_the_steps_left_from_the_saved_weights(module, name, make_data, tmp_path: Path) -> None:
    data = make_data(tmp_path)
    first = _train(module, data, tmp_path / "m", name, max_steps=4)
    checkpoint = tmp_path / "m" / f"{name}_checkpoint.pt"
    assert _steps_done(checkpoint) == 4

    second = _train(module, data, tmp_path / "m", name, max_steps=8)

    assert "parley: resuming from step 4 of 8" in second
    assert "Training ended with 4 steps" in second
    assert _steps_done(checkpoint) == 8
    # Stanza seeds its runs, so a fresh start repeats the first run's first loss; the resumed run
    # starts where the first one stopped, well below it
    assert _first_loss(second) < 0.9 * _first_loss(first)


def test_a_resumed_run_keeps_the_earlier_best_model_unless_it_beats_it(tmp_path: Path) -> None:
    data = _tagger_data(tmp_path)
    _train("stanza.models.tagger", data, tmp_path / "m", "pos", max_steps=4)
    checkpoint = tmp_path / "m" / "pos_checkpoint.pt"
    saved = torch.load(checkpoint, map_location="cpu", weights_only=False)
    saved["best_score"] = 2.0  # no dev score can beat it
    torch.save(saved, checkpoint)
    model = tmp_path / "m" / "pos.pt"
    before = hashlib.sha256(model.read_bytes()).hexdigest()

    output = _train("stanza.models.tagger", data, tmp_path / "m", "pos", max_steps=8)

    assert "does not beat 2.0" in output
    assert hashlib.sha256(model.read_bytes()).hexdigest() == before


def test_a_foreign_checkpoint_is_refused_with_what_to_do(tmp_path: Path) -> None:
    data = _tagger_data(tmp_path)
    (tmp_path / "m").mkdir()
    torch.save({"steps_done": 3}, tmp_path / "m" / "pos_checkpoint.pt")
    with pytest.raises(AssertionError, match="delete it to train this processor from the start"):
        _train("stanza.models.tagger", data, tmp_path / "m", "pos", max_steps=4)


def test_a_checkpoint_of_another_network_size_is_refused_with_what_to_do(tmp_path: Path) -> None:
    data = _tagger_data(tmp_path)
    _train("stanza.models.tagger", data, tmp_path / "m", "pos", max_steps=2)
    wider = ["--hidden_dim", "24", *TINY_NETWORK[2:]]
    with pytest.raises(AssertionError, match="does not fit this training run"):
        _train("stanza.models.tagger", data, tmp_path / "m", "pos", max_steps=4, network=wider)


def test_the_tagger_keeps_its_model_by_upos_when_asked(tmp_path: Path) -> None:
    """--parley_select_by UPOS: the dev score that chooses the kept model is the UPOS F1, not
    Stanza's AllTags, which XPOS written differently by merged treebanks drags down."""
    import random

    train, dev = _tagger_data(tmp_path)
    noise = random.Random(0)
    for path in (train, dev):  # XPOS the tagger cannot learn: AllTags falls far below UPOS
        lines = [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n")]
        path.write_text("\n".join("\t".join(c[:4] + [f"X{noise.randrange(5)}"] + c[5:]) if len(c) == 10 else "\t".join(c) for c in lines), encoding="utf-8")
    module = "stanza.models.tagger"
    output = _train(module, (train, dev), tmp_path, "pos", 4, [*TINY_NETWORK, "--parley_select_by", "UPOS"])
    tables = re.findall(r"INFO: ([0-9.]+)\t([0-9.]+)\t([0-9.]+)\t([0-9.]+)\n.*dev_score = ([0-9.]+)", output)
    assert tables, output[-2000:]
    for upos, _xpos, _feats, all_tags, dev_score in tables:
        assert float(all_tags) < float(upos)  # the two differ, so the test can tell them apart
        assert abs(float(dev_score) * 100 - float(upos)) < 0.01


@pytest.mark.parametrize(
    ("module", "name", "make_data"),
    [("stanza.models.tagger", "pos", _tagger_data), ("stanza.models.ner_tagger", "ner", _ner_data)],
)
def test_a_time_limit_ends_training_at_an_evaluation_with_a_model(module, name, make_data, tmp_path: Path) -> None:
    """--parley_max_minutes: a slow machine stops early, at an evaluation, so the best model so far
    is the one kept. A limit of 0 has passed before the first evaluation, which must then end the run."""
    data = make_data(tmp_path)
    output = _train(module, data, tmp_path / "m", name, 1000, [*TINY_NETWORK, "--parley_max_minutes", "0"])

    assert "parley: time limit: stopped at step 2 after" in output
    assert "Training ended with 2 steps" in output
    assert (tmp_path / "m" / f"{name}.pt").is_file()


def test_without_a_time_limit_the_same_run_trains_every_step(tmp_path: Path) -> None:
    output = _train("stanza.models.tagger", _tagger_data(tmp_path), tmp_path / "m", "pos", 6)
    assert "parley: time limit" not in output
    assert "Training ended with 6 steps" in output


def test_a_run_that_ends_on_its_last_step_is_not_said_to_be_stopped_by_the_limit(tmp_path: Path) -> None:
    """A card's note must not claim the limit cut a training that had no steps left."""
    output = _train("stanza.models.tagger", _tagger_data(tmp_path), tmp_path / "m", "pos", 2,
                    [*TINY_NETWORK, "--parley_max_minutes", "0"])
    assert "parley: time limit" not in output
    assert "Training ended with 2 steps" in output


def test_a_time_limit_stops_the_lemmatizer_updating_and_keeps_an_evaluated_model(tmp_path: Path) -> None:
    train, dev = _tagger_data(tmp_path)
    args = [
        sys.executable, "-m", "parley.nlp.train_launcher", "stanza.models.lemmatizer", "--parley_max_minutes", "0",
        "--mode", "train", "--train_file", str(train), "--eval_file", str(dev), "--output_file", str(tmp_path / "pred.conllu"),
        "--shorthand", "en_test", "--save_dir", str(tmp_path / "m"), "--save_name", "lemma.pt", "--num_epoch", "2",
        "--batch_size", "10", "--hidden_dim", "16", "--emb_dim", "8", "--pos_dim", "8", "--log_step", "1",
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-3000:]

    assert "parley: time limit: 0 minutes reached after 0 updates" in output
    assert re.search(r"epoch 2: train_loss = 0\.0+, dev_score", output), output[-2000:]
    assert (tmp_path / "m" / "lemma.pt").is_file()
