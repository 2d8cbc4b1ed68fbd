"""Form data for sales documents, typed as a pt-BR user types it."""

from datetime import date

BLANK_LINE = {"product_code": "", "description": "", "quantity": "", "unit_price": "",
              "discount": ""}


def doc_form(customer_code, lines=(), *, issued_on: date | None = None, salesperson_id="",
             notes="", blank_rows: int = 1, **extra) -> dict:
    """The fields a browser posts for a document: header, typed lines, then blank rows."""
    data = {"issued_on": (issued_on or date.today()).strftime("%d/%m/%Y"),
            "customer_code": str(customer_code), "salesperson_id": str(salesperson_id),
            "notes": notes}
    rows = [dict(BLANK_LINE, **line) for line in lines] + [dict(BLANK_LINE)] * blank_rows
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"lines-{index}-{name}"] = value
    data.update(extra)
    return data


def line(description="Forno elétrico", quantity="1", unit_price="899,90", discount="",
         product_code="") -> dict:
    return {"product_code": product_code, "description": description, "quantity": quantity,
            "unit_price": unit_price, "discount": discount}
