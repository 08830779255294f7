# must-fail: test_float32_and_float64
# why: the state is promoted to float64 for accuracy, so float32 inputs give float64 states (and float64 times).
def odeint(u, x0, t0, t1, n_steps, method="euler", return_traj=False):
    if method not in ("euler", "rk4"):
        raise ValueError(method)
    h = (float(t1) - float(t0)) / n_steps

    def field(x, s):
        return u(x, torch.full((x.shape[0], 1), s, dtype=x.dtype))

    x, states = x0.double(), [x0]
    for k in range(n_steps):
        s = float(t0) + k * h
        if method == "euler":
            x = x + h * field(x, s)
        else:
            k1 = field(x, s)
            k2 = field(x + (h / 2) * k1, s + h / 2)
            k3 = field(x + (h / 2) * k2, s + h / 2)
            k4 = field(x + h * k3, s + h)
            x = x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        states.append(x)
    return torch.stack(states) if return_traj else x
