"""The ticket's QR code with its fixed mask carries the same data as segno's chosen one.

No QR reader is installed here, so the check is structural: undo each code's mask (the
formulas of ISO/IEC 18004 table 10) and the two matrices must be the same module for module,
except the format information, which names the mask and so must differ."""

import segno

from domain.codes import new_code
from domain.qr import MASK, ticket_qr

MASKS = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]


def format_information(i: int, j: int, size: int) -> bool:
    """The 15 format bits (error level and mask), twice, around the finder patterns."""
    return (i == 8 and (j <= 8 or j >= size - 8)) or (j == 8 and (i <= 8 or i >= size - 8))


def function_pattern(i: int, j: int, size: int) -> bool:
    """Finders with their separators, timing lines, and (versions 2 to 6) the one alignment
    pattern: modules no mask touches."""
    finder = (i < 8 and (j < 8 or j >= size - 8)) or (i >= size - 8 and j < 8)
    alignment = size > 21 and abs(i - (size - 7)) <= 2 and abs(j - (size - 7)) <= 2
    return finder or alignment or i == 6 or j == 6


def test_the_fixed_mask_encodes_what_segno_would_have_chosen():
    codes = ["7K3M-9QXD-2P4A", "0000-0000-0000", "ZZZZ-ZZZZ-ZZZZ", "A" * 30]
    for code in codes + [new_code() for _ in range(60)]:
        chosen, fixed = segno.make_qr(code, error="m"), ticket_qr(code)
        assert (fixed.version, fixed.error, fixed.mode, fixed.mask) == (
            chosen.version,
            chosen.error,
            chosen.mode,
            MASK,
        )
        assert not fixed.is_micro and fixed.version <= 6
        size = len(fixed.matrix)
        format_differs = False
        for i in range(size):
            for j in range(size):
                a, b = fixed.matrix[i][j], chosen.matrix[i][j]
                if format_information(i, j, size):
                    format_differs |= a != b
                elif function_pattern(i, j, size):
                    assert a == b, (code, i, j)
                else:  # data: flipped exactly where the two masks disagree
                    flipped = MASKS[MASK](i, j) != MASKS[chosen.mask](i, j)
                    assert (a != b) == flipped, (code, i, j)
        assert format_differs == (chosen.mask != MASK)


def test_the_data_modules_really_differ_by_the_masks():
    """The check above can fail: with another code's data the modules do not line up."""
    one, other = ticket_qr("7K3M-9QXD-2P4A"), ticket_qr("7K3M-9QXD-2P4B")
    assert one.matrix != other.matrix
