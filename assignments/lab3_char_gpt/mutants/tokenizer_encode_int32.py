# must-fail: test_tokenizer_vocabulary_is_sorted_characters, test_tokenizer_round_trip_on_the_corpus
# why: encode returns int32 ids instead of a LongTensor
_SolutionTokenizer = CharTokenizer


class CharTokenizer(_SolutionTokenizer):
    def encode(self, s):
        return torch.tensor([self.stoi[c] for c in s], dtype=torch.int32)
