# must-fail: test_flow_sequence_inverse_and_sample
# why: sample draws z of dimension 2 (the lab's plane) instead of layers[0].dim.
class FlowSequence(nn.Module):
    """f = f_K o ... o f_1 (layers[0] is applied first to data), HW03.

    forward(x) -> (z, sum of logdets); inverse(z) -> (x, sum of inverse logdets), layers reversed;
    log_prob(x) -> (B,) = log N(z; 0, I) + logdet; sample(n, generator=None) -> (n, dim), detached.
    """

    def __init__(self, layers):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x):
        logdet = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet

    def inverse(self, z):
        logdet = torch.zeros(z.shape[0], dtype=z.dtype, device=z.device)
        for layer in reversed(self.layers):
            z, ld = layer.inverse(z)
            logdet = logdet + ld
        return z, logdet

    def log_prob(self, x):
        z, logdet = self.forward(x)
        base = -0.5 * (z * z).sum(dim=-1) - 0.5 * z.shape[-1] * math.log(2 * math.pi)
        return base + logdet

    def sample(self, n, generator=None):
        param = next(self.parameters(), None)
        dtype = param.dtype if param is not None else torch.get_default_dtype()
        z = torch.randn(n, 2, generator=generator, dtype=dtype)
        x, _ = self.inverse(z)
        return x.detach()
