# must-fail: test_tokenizer_vocabulary_is_sorted_characters
# why: vocab_size counts an extra padding id: len(chars) + 1
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def __init__(self, text):
        super().__init__(text)
        self.vocab_size = len(self.chars) + 1
