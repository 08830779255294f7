# must-fail: test_inputs_dtype_global_rng
# why: differentiates a float64 copy of x and returns float64 for float32 inputs.
def energy_grad(energy, x):
    with torch.enable_grad():
        xx = x.detach().double().requires_grad_(True)
        (g,) = torch.autograd.grad(energy(xx).sum(), xx)
    return g.detach()
