"""Speed-ups of the spaCy model that leave its annotations unchanged (tests compare them):
attribute rules matched by index, remembered lemmas, matrix products on numpy's BLAS."""
