import pytest

from domain.hearings import HearingKind, InvalidLink, check_virtual_link


@pytest.mark.parametrize(
    ("typed", "published"),
    [
        ("", ""),
        ("   ", ""),
        ("https://meet.google.com/abc-defg-hij", "https://meet.google.com/abc-defg-hij"),
        (" https://pj-gob-pe.zoom.us/j/123?pwd=x ", "https://pj-gob-pe.zoom.us/j/123?pwd=x"),
        ("HTTPS://Sala.pj.gob.pe:8443/a", "HTTPS://Sala.pj.gob.pe:8443/a"),
    ],
)
def test_https_links_are_published_as_typed(typed, published):
    assert check_virtual_link(typed) == published


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("http://meet.google.com/abc", "https://"),
        ("javascript:alert(1)", "https://"),
        ("meet.google.com/abc", "https://"),
        ("https://localhost/x", "dominio"),
        ("https:///x", "dominio"),
        ("https://juez:clave@sala.pj.gob.pe/x", "usuario"),
        ("https://sala.pj.gob.pe/a b", "espacios"),
        ("https://sala.pj.gob.pe:99999/x", "completo"),
        ("https://sala.pj.gob.pe/" + "a" * 500, "500"),
    ],
)
def test_other_links_are_refused_saying_what_to_write(typed, says):
    with pytest.raises(InvalidLink, match=says):
        check_virtual_link(typed)


def test_every_kind_of_hearing_has_a_spanish_label():
    assert all(kind.label[0].isupper() for kind in HearingKind)
    assert len(HearingKind.choices()) == len(HearingKind)
