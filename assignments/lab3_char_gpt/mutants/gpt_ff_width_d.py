# must-fail: test_gpt_matches_reference_architecture
# why: the blocks use d_ff = d_model instead of 4 * d_model
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        self.blocks = nn.ModuleList([TransformerBlock(d_model, n_heads, d_model) for _ in range(n_layers)])
        for module in self.blocks.modules():
            if isinstance(module, nn.Linear):
                nn.init.normal_(module.weight, mean=0.0, std=0.02)
