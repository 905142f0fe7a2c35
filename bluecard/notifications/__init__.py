"""Policy notifications (issue 5): one feature package."""
