# must-fail: test_energy_grad_mlp_detached
# why: uses .backward(), which also accumulates gradients into the energy's parameters.
def energy_grad(energy, x):
    with torch.enable_grad():
        xx = x.detach().requires_grad_(True)
        energy(xx).sum().backward()
    return xx.grad.detach()
