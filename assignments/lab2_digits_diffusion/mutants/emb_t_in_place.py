# must-fail: test_time_embedding_matches_formula
# why: leaves t overwritten (zeroed, used as scratch space): graded functions never modify their inputs
class SinusoidalTimeEmbedding(nn.Module):
    """t (B,) LongTensor -> (B, dim) float32: [sin(t f_k)]_k then [cos(t f_k)]_k, f_k = 10000^(-k/h), h = dim/2."""

    def __init__(self, dim):
        super().__init__()
        if dim % 2:
            raise ValueError(f"dim must be even, got {dim}")
        self.dim = dim

    def forward(self, t):
        half = self.dim // 2
        k = torch.arange(half, dtype=torch.float64, device=t.device)
        freqs = torch.exp(-math.log(10000.0) * k / half)
        args = t.to(torch.float64)[:, None] * freqs[None, :]
        t.zero_()
        return torch.cat([torch.sin(args), torch.cos(args)], dim=-1).to(torch.float32)
