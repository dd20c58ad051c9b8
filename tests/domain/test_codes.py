import re

from domain.codes import ALPHABET, new_code, normalize_code


def test_codes_are_three_groups_of_unambiguous_symbols():
    code = new_code()
    assert re.fullmatch(rf"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", code)
    assert not set("ILOU") & set(code)


def test_codes_do_not_repeat():
    assert len({new_code() for _ in range(2000)}) == 2000


def test_typed_codes_are_read_as_meant():
    assert normalize_code("7k3m 9qxd 2p4a") == "7K3M-9QXD-2P4A"
    assert normalize_code("OIL0-aaaa-bbbb") == "0110-AAAA-BBBB"


def test_a_scanned_link_is_read_as_the_code_it_ends_in():
    assert normalize_code("https://citas.pj.gob.pe/verificar/cita/7k3m-9qxd-2p4a") == (
        "7K3M-9QXD-2P4A"
    )
    assert normalize_code("http://localhost/verificar/cita/7K3M9QXD2P4A/") == "7K3M-9QXD-2P4A"
