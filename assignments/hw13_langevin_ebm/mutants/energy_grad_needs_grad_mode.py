# must-fail: test_energy_grad_mlp_detached
# why: does not enable gradients locally: under torch.no_grad() the energy has no graph and autograd fails.
def energy_grad(energy, x):
    xx = x.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(energy(xx).sum(), xx)
    return g
