"""The child's screens (profile picker, today's plan, game picker, reward) and the grown-up door."""
