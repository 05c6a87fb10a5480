"""Data shipped with the package: the seed article the demo runs on."""
