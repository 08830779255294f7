"""Hidden tests run on every graded tensor function: inputs untouched, with the right values."""

import torch
from gcheck import F64, expect_tensor, max_err, randn

from autograder import testmodels
from autograder.testing import points


@points(2)
def test_inputs_untouched(student, reference, support):
    """cfg_combine, cfg_eps, classifier_guided_score, fit_latent_scale, the latent maps, patchify, unpatchify and
    cross_attention leave their tensor arguments unchanged (also when B == D) and return the right values."""
    for B in (3, 4):
        x, c = randn((B, 3), 1), randn((B, 3), 2)
        img = randn((B, 2, 4, 4), 3)
        t, y = torch.tensor([5, 100, 999, 1][:B]), torch.tensor([0, 2, 1, 1][:B])
        ctx, mask = randn((B, 5, 2), 4), torch.tensor([[True, False, True, True, False]] * B)
        W = [randn((3, 2), 5), randn((2, 2), 6), randn((2, 3), 7)]
        cases = [
            ("cfg_combine", (x, c, 2.0), ()),
            ("classifier_guided_score", (x, c, 1.5), ()),
            ("fit_latent_scale", (img,), ()),
            ("patchify", (img, 2), ()),
            ("unpatchify", (randn((B, 4, 8), 8), 2, 2, 4, 4), ()),
            ("cross_attention", (randn((B, 4, 3), 9), ctx, *W, mask), ()),
            ("cfg_eps", (x, t, y, 3.0, 3), ("SpyEps",)),
            ("to_diffusion_space", (x, 0.5), ("encoder",)),
            ("from_diffusion_space", (x, 0.5), ("decoder",)),
        ]
        for name, args, model in cases:
            def build(impl):
                if not model:
                    return args
                m = impl.remote(support.SpyEps) if model[0] == "SpyEps" else impl.remote(support.SpyCoder, model[0])
                return (m, *args) if name == "cfg_eps" else (args[0], m, args[1])
            sargs = build(student)
            before = [a.clone() if isinstance(a, torch.Tensor) else None for a in sargs]
            out, after = student.remote(testmodels.call_keeping_inputs, student.get(name), *sargs)
            for i, (b, a) in enumerate(zip(before, after, strict=True)):
                if b is not None:
                    assert a is not None and torch.equal(a, b), f"{name} modified its argument #{i + 1} in place"
            want = getattr(reference, name)(*build(reference))
            if isinstance(want, float):
                assert isinstance(out, float) and abs(out - want) <= 1e-12 * abs(want), f"{name}: expected {want}; got {out}"
                continue
            got = expect_tensor(out, want.shape, want.dtype, name)
            assert max_err(got, want) <= 1e-10, f"{name}: off by {max_err(got, want):.3g}"
