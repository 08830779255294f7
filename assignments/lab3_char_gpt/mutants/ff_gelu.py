# must-fail: test_gpt_matches_reference_architecture
# why: the feed-forward layer uses GELU (GPT-2's) instead of ReLU between its linears
_SolutionFF = FeedForward


class FeedForward(_SolutionFF):
    def forward(self, x):
        return self.linear_2(F.gelu(self.linear_1(x)))
