# must-fail: test_eps_mlp_uses_x_t_and_y, test_eps_mlp_shapes_and_attributes, test_public_eps_mlp_shapes
# why: dropout in training mode makes forward random: the same (x_t, t, y) twice gives two outputs, so the
# sampler would add noise of its own at every step
class EpsMLP(nn.Module):
    def __init__(self, data_dim=64, n_classes=10, hidden=256, time_dim=64):
        super().__init__()
        self.data_dim, self.n_classes = data_dim, n_classes
        self.time = nn.Sequential(SinusoidalTimeEmbedding(time_dim), nn.Linear(time_dim, hidden), nn.SiLU())
        self.label = nn.Embedding(n_classes + 1, hidden)
        self.inp = nn.Linear(data_dim, hidden)
        self.net = nn.Sequential(nn.LayerNorm(hidden), nn.SiLU(), nn.Dropout(0.1), nn.Linear(hidden, hidden), nn.SiLU(),
                                 nn.Linear(hidden, data_dim))

    def forward(self, x_t, t, y):
        return self.net(self.inp(x_t) + self.time(t) + self.label(y))
