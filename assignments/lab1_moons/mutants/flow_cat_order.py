# must-fail: test_flow_is_the_course_mlp
# why: the network reads cat((x_t, t)) instead of the course's cat((t, x_t)).
class Flow(Flow):
    def forward(self, x_t, t):
        return self.net(torch.cat((x_t, t), -1))
