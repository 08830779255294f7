# must-fail: test_tokenizer_vocabulary_is_sorted_characters
# why: stoi maps ids to characters (the itos dict) instead of characters to ids; encode still gives the right ids
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def __init__(self, text):
        self.chars = sorted(set(text))
        self.stoi = dict(enumerate(self.chars))
        self.vocab_size = len(self.chars)

    def encode(self, s):
        return torch.tensor([self.chars.index(c) for c in s], dtype=torch.long)
