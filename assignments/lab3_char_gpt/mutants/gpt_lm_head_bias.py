# must-fail: test_gpt_matches_reference_architecture
# why: the output layer has a bias (nn.Linear(d_model, vocab_size) with its default bias=True)
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        self.lm_head = nn.Linear(d_model, vocab_size)
        nn.init.normal_(self.lm_head.weight, std=0.02)
