# must-fail: test_padding_mask_marks_valid_keys
# why: returns shape (B, 1, L): against scores (B, H, Lq, L) it would line B up with the heads axis
def padding_mask(lengths, L):
    lengths = torch.as_tensor(lengths)
    return (torch.arange(L) < lengths[:, None])[:, None, :]
