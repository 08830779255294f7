# must-fail: test_sequence_log_prob_is_change_of_variables, test_sequence_density_integrates_to_one
# why: log_prob subtracts the forward logdet (log p_Z(z) - log|det dz/dx|) instead of adding it.
class FlowSequence(FlowSequence):
    def log_prob(self, x):
        z, logdet = self.forward(x)
        return standard_normal_logprob(z) - logdet
