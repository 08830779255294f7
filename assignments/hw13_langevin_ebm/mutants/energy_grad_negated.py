# must-fail: test_energy_grad_quadratic, test_energy_grad_mlp_detached
# why: returns the score -grad E instead of the energy's gradient grad E.
def energy_grad(energy, x):
    with torch.enable_grad():
        xx = x.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(energy(xx).sum(), xx)
    return -g.detach()
