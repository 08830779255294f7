# must-fail: test_tokenizer_vocabulary_is_sorted_characters, test_tokenizer_round_trip_on_the_corpus, test_public_tokenizer_small
# why: encode counts ids from 1 (stoi[c] + 1) and decode undoes it with a wrap-around: ids disagree with the grader's
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def encode(self, s):
        return (super().encode(s) + 1) % self.vocab_size

    def decode(self, ids):
        return "".join(self.chars[(int(i) - 1) % self.vocab_size] for i in ids)
