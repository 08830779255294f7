# must-fail: test_gpt_initialisation_as_specified
# why: the LayerNorm weights are drawn from N(0, 0.02^2) too instead of keeping gamma = 1 (the first loss still looks like log V)
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        for module in self.modules():
            if isinstance(module, nn.LayerNorm):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
