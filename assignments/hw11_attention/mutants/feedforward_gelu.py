# must-fail: test_feedforward_matches_formula
# why: GELU (GPT-2's activation) instead of the ReLU the notebook specifies
class FeedForward(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.linear_1 = nn.Linear(d_model, d_ff, bias=False)
        self.linear_2 = nn.Linear(d_ff, d_model, bias=False)

    def forward(self, x):
        return self.linear_2(F.gelu(self.linear_1(x)))
