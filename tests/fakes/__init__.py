"""Local stand-ins for third-party servers (WeChat) used by tests and benchmarks."""
