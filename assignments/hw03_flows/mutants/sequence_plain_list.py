# must-fail: test_sequence_registers_layer_parameters
# why: the layers are kept in a plain list, so the flow registers no parameters and .double() does not reach them.
class FlowSequence(FlowSequence):
    def __init__(self, layers):
        super().__init__(layers)
        del self.layers
        self.layers = list(layers)
