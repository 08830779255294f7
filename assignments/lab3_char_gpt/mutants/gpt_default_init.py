# must-fail: test_gpt_initialisation_as_specified
# why: PyTorch's default initialisation is kept (N(0, 1) embeddings, Kaiming-uniform linears), not N(0, 0.02^2)
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                module.reset_parameters()
