# must-fail: test_eps_mlp_shapes_and_attributes
# why: clips x_t to the pixel range in place (x_t.clamp_): graded functions never modify their inputs
class EpsMLP(nn.Module):
    """Conditional noise network eps(x_t, t, y): x_t (B, data_dim) float32, t and y LongTensors (B,), y = n_classes is null."""

    def __init__(self, data_dim=64, n_classes=10, hidden=256, time_dim=64):
        super().__init__()
        self.data_dim, self.n_classes = data_dim, n_classes
        self.time = nn.Sequential(
            SinusoidalTimeEmbedding(time_dim), nn.Linear(time_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden)
        )
        self.label = nn.Embedding(n_classes + 1, hidden)
        self.inp = nn.Linear(data_dim, hidden)
        self.blocks = nn.ModuleList([_ResBlock(hidden) for _ in range(_DEPTH)])
        self.film = nn.ModuleList([nn.Linear(hidden, hidden) for _ in range(_DEPTH)])
        self.out = nn.Sequential(nn.LayerNorm(hidden), nn.SiLU(), nn.Linear(hidden, data_dim))

    def forward(self, x_t, t, y):
        c = self.time(t) + self.label(y)
        h = self.inp(x_t.clamp_(-1, 1)) + c
        act = F.silu(c)
        for block, film in zip(self.blocks, self.film):
            h = block(h + film(act))
        return self.out(h)
