# must-fail: test_energy_grad_mlp_detached
# why: differentiates with respect to x itself (not a detached copy) via backward(inputs=[x]): leaves a .grad on the caller's x.
def energy_grad(energy, x):
    with torch.enable_grad():
        x.requires_grad_(True)
        energy(x).sum().backward(inputs=[x])
    g = x.grad.detach().clone()
    x.requires_grad_(False)
    return g
