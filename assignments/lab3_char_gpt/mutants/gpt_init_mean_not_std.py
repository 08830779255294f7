# must-fail: test_gpt_initial_loss_is_about_log_v, test_public_gpt_shapes_and_initial_loss
# why: nn.init.normal_(w, 0.02) sets the MEAN to 0.02 and keeps std 1: huge logits at initialisation, a first loss far above log V
_SolutionGPT = GPT


class GPT(_SolutionGPT):
    def __init__(self, vocab_size, block_size=64, d_model=128, n_layers=4, n_heads=4):
        super().__init__(vocab_size, block_size, d_model, n_layers, n_heads)
        for module in self.modules():
            if isinstance(module, (nn.Linear, nn.Embedding)):
                nn.init.normal_(module.weight, 0.02)
