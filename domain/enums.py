"""Closed sets stored as text: each member is its stored value and carries its Spanish label."""

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as (stored value, Spanish label)."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> dict[str, str]:
        """{stored value: label}, in declaration order: a form's choices."""
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, value: str) -> str:
        """The label of a stored value; an unknown value is shown as it is."""
        try:
            return cls(value).label
        except ValueError:
            return value
