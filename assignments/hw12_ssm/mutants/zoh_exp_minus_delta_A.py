# must-fail: test_zoh_closed_form, test_stable_systems_stay_stable
# why: Ab = exp(-delta A): the sign flipped, a stable A gives |Ab| > 1
def discretize_zoh(A, B, delta):
    Ab = torch.exp(-delta * A)
    Bb = torch.expm1(delta * A) / A * B
    return Ab, Bb
