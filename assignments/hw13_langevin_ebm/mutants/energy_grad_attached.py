# must-fail: test_energy_grad_mlp_detached
# why: keeps the graph (create_graph=True) and returns a tensor that requires grad.
def energy_grad(energy, x):
    with torch.enable_grad():
        xx = x.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(energy(xx).sum(), xx, create_graph=True)
    return g
