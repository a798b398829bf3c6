"""Run one of Stanza's own training entry points with CPU speed fixes applied first.

Usage: python -m parley.nlp.train_launcher stanza.models.tagger --mode train ...

Why: Stanza's taggers score classes with ``torch.nn.Bilinear``, whose CPU backward pass is very slow
(measured here: ~2.5 s per 250-word batch). The replacement below computes the same function with
two matrix products, so the training code, data and results are Stanza's own, only faster.
"""

from __future__ import annotations

import runpy
import sys

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


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit("usage: python -m parley.nlp.train_launcher MODULE [ARGS...]")
    module = sys.argv[1]
    sys.argv = [module, *sys.argv[2:]]
    patch_torch()
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
