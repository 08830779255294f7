# must-fail: test_feedforward_matches_formula
# why: names the layers fc1 / fc2 instead of the attributes linear_1 / linear_2 the notebook fixes
class FeedForward(nn.Module):
    def __init__(self, d_model, d_ff):
        super().__init__()
        self.fc1 = nn.Linear(d_model, d_ff, bias=False)
        self.fc2 = nn.Linear(d_ff, d_model, bias=False)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
