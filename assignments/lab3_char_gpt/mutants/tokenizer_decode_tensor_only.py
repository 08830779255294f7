# must-fail: test_tokenizer_round_trip_on_the_corpus
# why: decode calls ids.tolist(): it fails on a list of ints
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def decode(self, ids):
        return "".join(self.chars[i] for i in ids.tolist())
