# must-fail: test_tokenizer_vocabulary_is_sorted_characters, test_tokenizer_round_trip_on_the_corpus, test_public_tokenizer_small
# why: the vocabulary is in order of first appearance, not sorted: ids disagree with the grader's
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def __init__(self, text):
        self.chars = list(dict.fromkeys(text))
        self.stoi = {c: i for i, c in enumerate(self.chars)}
        self.vocab_size = len(self.chars)
