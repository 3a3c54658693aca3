"""Guard: everything behind `briefpack check`, which reads a draft before it is sent."""
