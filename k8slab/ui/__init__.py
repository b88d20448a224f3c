"""What the learner and the instructor see: renderables and interactive screens."""
