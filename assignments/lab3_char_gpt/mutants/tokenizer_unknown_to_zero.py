# must-fail: test_tokenizer_encode_rejects_unknown_characters
# why: an unknown character is silently encoded as id 0 instead of raising
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def encode(self, s):
        return torch.tensor([self.stoi.get(c, 0) for c in s], dtype=torch.long)
