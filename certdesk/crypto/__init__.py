"""Keys and encryption, from vetted constructions only (cryptography, keyring)."""
