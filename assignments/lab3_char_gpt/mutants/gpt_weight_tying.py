# must-fail: test_gpt_matches_reference_architecture
# why: the output layer shares its weight with the token embedding (GPT-2's weight tying)
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        self.lm_head.weight = self.tok_emb.weight
