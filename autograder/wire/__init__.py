"""The bytes between the trusted side and the sandbox: msgpack values and length-prefixed frames (pure)."""
