"""One small module per way of showing a native notification; choose.py picks one per OS."""
