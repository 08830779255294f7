# must-fail: test_feedforward_matches_formula
# why: flattens x as (B * L, d_model) and assumes exactly two leading axes, where FeedForward acts on x (..., d_model)
class FeedForward(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.linear_1 = nn.Linear(d_model, d_ff, bias=False)
        self.linear_2 = nn.Linear(d_ff, d_model, bias=False)

    def forward(self, x):
        B, L, D = x.shape
        h = torch.relu(self.linear_1(x.reshape(B * L, D)))
        return self.linear_2(h).reshape(B, L, D)
