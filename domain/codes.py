"""Unguessable codes people read aloud or type. No Flask, no database."""

import secrets

# Crockford's base32: no I, L, O or U, so nothing is misread at a desk or a keypad.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V", "-": None, " ": None})


def new_code(groups: int = 3, size: int = 4) -> str:
    """'7K3M-9QXD-2P4A': 12 random symbols, 60 bits."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(size)) for _ in range(groups))


def normalize_code(typed: str, size: int = 4) -> str:
    """Read a typed code the way a person meant it: any case, with or without dashes. A
    scanned QR code is a link ending in the code (a desk scanner types the whole link)."""
    typed = (typed or "").strip().split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    raw = typed.upper().translate(READ_AS)
    return "-".join(raw[i : i + size] for i in range(0, len(raw), size))
