"""Loss functions under `tf.losses` (built from ops, so they differentiate for free)."""
