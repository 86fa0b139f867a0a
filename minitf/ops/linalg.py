"""Matrix products: matmul and dot."""
