# must-fail: test_padding_mask_marks_valid_keys
# why: a 0/1 integer mask instead of a torch.bool mask
def padding_mask(lengths, L):
    lengths = torch.as_tensor(lengths)
    return (torch.arange(L) < lengths[:, None]).long()[:, None, None, :]
