# must-fail: test_sample_is_the_specified_draw
# z drawn in the default float32 and cast to the parameters' dtype: the same seed repeats and
# another differs, but the samples are not the draw the docstring specifies.
import torch
from torch import nn


class FlowSequence(nn.Module):
    """A composition of flow layers f = f_K o ... o f_1 (layers[0] is applied first to data).

    forward(x)  -> (z, sum_k logdet_k)       data -> latent
    inverse(z)  -> (x, sum_k logdet_inv_k)   latent -> data, layers in reverse order
    log_prob(x) -> (B,)                      log N(z; 0, I) + logdet
    sample(n, generator=None) -> (n, dim)    inverse of z = torch.randn(n, dim, generator=generator,
                                             dtype=<dtype of the parameters>), dim = layers[0].dim
    """

    def __init__(self, layers: list[nn.Module]):
        super().__init__()
        self.layers = nn.ModuleList(layers)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logdet = torch.zeros(x.shape[0], dtype=x.dtype, device=x.device)
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet

    def inverse(self, z: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        logdet = torch.zeros(z.shape[0], dtype=z.dtype, device=z.device)
        for layer in reversed(self.layers):
            z, ld = layer.inverse(z)
            logdet = logdet + ld
        return z, logdet

    def log_prob(self, x: torch.Tensor) -> torch.Tensor:
        z, logdet = self.forward(x)
        return standard_normal_logprob(z) + logdet

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        param = next(self.parameters(), None)
        dtype = param.dtype if param is not None else torch.get_default_dtype()
        device = param.device if param is not None else None
        z = torch.randn(n, self.layers[0].dim, generator=generator, device=device).to(dtype)  # BUG: drawn in float32
        x, _ = self.inverse(z)
        return x.detach()  # samples are data: no graph attached
