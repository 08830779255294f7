# must-fail: test_eps_mlp_uses_x_t_and_y
# why: an embedding of n_classes rows only, the null label clamped onto class n_classes - 1
class EpsMLP(nn.Module):
    def __init__(self, data_dim=64, n_classes=10, hidden=256, time_dim=64):
        super().__init__()
        self.data_dim, self.n_classes = data_dim, n_classes
        self.time = nn.Sequential(SinusoidalTimeEmbedding(time_dim), nn.Linear(time_dim, hidden), nn.SiLU())
        self.label = nn.Embedding(n_classes, hidden)
        self.inp = nn.Linear(data_dim, hidden)
        self.net = nn.Sequential(nn.SiLU(), nn.Linear(hidden, hidden), nn.SiLU(), nn.Linear(hidden, data_dim))

    def forward(self, x_t, t, y):
        return self.net(self.inp(x_t) + self.time(t) + self.label(y.clamp(max=self.n_classes - 1)))
