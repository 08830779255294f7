# must-fail: test_time_embedding_matches_formula, test_time_embedding_properties, test_public_time_embedding
# why: frequencies 10000^(-k/(h-1)) (another common convention) instead of the lab's 10000^(-k/h)
class SinusoidalTimeEmbedding(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim

    def forward(self, t):
        half = self.dim // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float64) / max(half - 1, 1))
        args = t.to(torch.float64)[:, None] * freqs[None, :]
        return torch.cat([torch.sin(args), torch.cos(args)], dim=-1).to(torch.float32)
