"""`python -m benchmarks`: run every benchmark table."""

from . import autodiff_bench

if __name__ == "__main__":
    autodiff_bench.main()
