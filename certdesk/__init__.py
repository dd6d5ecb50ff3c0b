"""CertDesk: offline supplier security certification."""

__version__ = "0.1.0"
