# must-fail: test_zoh_small_delta
# why: exp(delta A) - 1 computed as torch.exp(...) - 1 instead of torch.expm1: for small delta the difference cancels and Bb loses its digits
def discretize_zoh(A, B, delta):
    Ab = torch.exp(delta * A)
    Bb = (torch.exp(delta * A) - 1) / A * B
    return Ab, Bb
