"""Court fees (aranceles judiciales, derechos de notificación) as pure rules. No Flask, no database.

The source is the Reglamento "Gestión de Aranceles Judiciales y Derechos por Notificación
Judicial" (RA 000352-2024-CE-PJ); amounts come from each year's Cuadro de Valores, loaded
from CSV (data/aranceles/cuadro-valores.csv ships 2024, 2025 and 2026).
"""

from domain.fees.bank_file import BANK_COLUMNS, BankImport, parse_bank_file
from domain.fees.calculator import (
    FeeRequest,
    FeeResult,
    InvalidFeeRequest,
    Payment,
    calculate,
    check_request,
)
from domain.fees.catalogue import (
    ACT_GROUPS,
    ACTS,
    CODES,
    INSTANCES,
    PERSONS,
    PROCESSES,
    ROLES,
    SITUATION_HINTS,
    SITUATIONS,
    WHERE_TO_PAY,
    act_groups,
    per_unit,
)
from domain.fees.csv_import import (
    COLUMNS,
    ImportResult,
    RowReport,
    build_schedules,
    parse_schedules,
    read_csv,
    rows_to_csv,
)
from domain.fees.derive import derive_year, shipped_rows
from domain.fees.habilitation import (
    CLAUSES,
    Eligibility,
    HabilitationRequest,
    Receipt,
    Refund,
    UnknownClause,
    add_business_days,
    habilitation,
    habilitation_fee_required,
    refund,
)
from domain.fees.params import parse_soles, request_from_params, request_params, result_as_dict
from domain.fees.receipts import (
    BankPayment,
    ReceiptClaim,
    ReceiptVerdict,
    amount_fits,
    digits_apart,
    is_in_force,
    reintegro_due,
    valid_until,
    validate_receipt,
)
from domain.fees.rules import RULES, Facts, Rule, deciding_rule, relevant_situations
from domain.fees.schedule import (
    REFERENTIAL_NOTICE,
    UIT_BY_YEAR,
    Concept,
    FeeError,
    Figure,
    NoSchedule,
    Schedule,
    Status,
    UnknownConcept,
    money,
    schedule_as_dict,
    schedule_for,
    urp_of,
)

__all__ = [
    "ACTS", "ACT_GROUPS", "BANK_COLUMNS", "CLAUSES", "CODES", "COLUMNS", "INSTANCES", "PERSONS",
    "PROCESSES", "REFERENTIAL_NOTICE", "ROLES", "RULES", "SITUATIONS", "SITUATION_HINTS",
    "UIT_BY_YEAR", "WHERE_TO_PAY",
    "BankImport", "BankPayment", "Concept", "Eligibility", "Facts", "FeeError", "FeeRequest",
    "FeeResult", "Figure", "HabilitationRequest", "ImportResult", "InvalidFeeRequest",
    "NoSchedule", "Payment", "Receipt", "ReceiptClaim", "ReceiptVerdict", "Refund", "RowReport",
    "Rule", "Schedule", "Status", "UnknownClause", "UnknownConcept",
    "act_groups", "add_business_days", "amount_fits", "build_schedules", "calculate",
    "check_request", "deciding_rule", "derive_year", "digits_apart", "habilitation",
    "habilitation_fee_required", "is_in_force", "money", "parse_bank_file", "parse_schedules",
    "parse_soles", "per_unit", "read_csv", "refund", "reintegro_due", "relevant_situations",
    "request_from_params", "request_params", "result_as_dict", "rows_to_csv",
    "schedule_as_dict", "schedule_for", "shipped_rows", "urp_of", "valid_until",
    "validate_receipt",
]  # fmt: skip
