# must-fail: test_time_embedding_matches_formula, test_time_embedding_properties, test_public_time_embedding
# why: cosines first, then sines (the layout is fixed: sin(t f_k) in column k, cos in column h + k)
class SinusoidalTimeEmbedding(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, t):
        half = self.dim // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / half)
        args = t.to(torch.float64)[:, None] * freqs[None, :]
        return torch.cat([torch.cos(args), torch.sin(args)], dim=-1).to(torch.float32)
