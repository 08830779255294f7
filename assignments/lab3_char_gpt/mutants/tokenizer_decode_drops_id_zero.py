# must-fail: test_tokenizer_round_trip_on_the_corpus
# why: decode treats id 0 as padding and drops it: the round trip loses chars[0] (the line break of the corpus)
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def decode(self, ids):
        return "".join(self.chars[int(i)] for i in ids if int(i) != 0)
