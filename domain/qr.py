"""The ticket's QR code (the HTML page and the PDF draw the same one). No Flask.

A full QR code, never a Micro QR: phone cameras and desk scanners read only the former. Its
mask is fixed: segno otherwise builds all eight and scores each (ISO/IEC 18004 7.8.3), which
was most of the ticket page's CPU time. Every mask is a valid QR code (the format bits say
which one a reader must undo); 0 is the one segno itself picked most often for ticket codes
and, of the eight, the closest on average to the best score (400 codes, December 2026).
tests/domain/test_qr.py checks the data modules are those of segno's own choice.
"""

import segno

MASK = 0


def ticket_qr(text: str) -> segno.QRCode:
    """The QR code of `text`: the ticket's public verification link, or its code."""
    return segno.make_qr(text, error="m", mask=MASK)
