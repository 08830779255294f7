# must-fail: test_padding_mask_marks_valid_keys, test_mhsa_padding_does_not_change_valid_outputs
# why: off by one, j <= lengths[b], so every sequence also attends to its first padding token
def padding_mask(lengths, L):
    lengths = torch.as_tensor(lengths)
    return (torch.arange(L) <= lengths[:, None])[:, None, None, :]
