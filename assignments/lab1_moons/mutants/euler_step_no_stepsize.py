# must-fail: test_flow_is_the_course_mlp, test_public_flow_euler_step
# why: euler_step adds the full velocity, ignoring the step size.
class Flow(Flow):
    def euler_step(self, x_t, t, stepsize):
        return x_t + self(x_t, t)
